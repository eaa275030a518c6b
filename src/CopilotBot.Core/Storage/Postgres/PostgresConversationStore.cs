using Npgsql;

namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// Conversation references and context in PostgreSQL, shared by every bot instance on the database: a turn served
/// by one instance leaves what the next turn, on another, needs. Writes are single upserts, atomic under concurrency.
/// </summary>
public sealed class PostgresConversationStore(PostgresDatabase database) : IConversationReferenceStore, IConversationContextStore
{
    public async Task SaveAsync(StoredConversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await ExecuteAsync("""
            INSERT INTO conversation_reference (channel_id, conversation_id, service_url, user_email, reference_json, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (channel_id, conversation_id) DO UPDATE SET
                service_url = excluded.service_url, user_email = excluded.user_email,
                reference_json = excluded.reference_json, updated_at = excluded.updated_at
            """,
            [conversation.ChannelId, conversation.ConversationId, conversation.ServiceUrl, conversation.UserEmail, conversation.ReferenceJson,
                conversation.UpdatedAt.ToUniversalTime()],
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredConversation?> GetAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync("channel_id = $1 AND conversation_id = $2", [channelId, conversationId], cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<StoredConversation>> GetByUserAsync(string userEmail, CancellationToken cancellationToken = default) =>
        QueryAsync("lower(user_email) = lower($1)", [userEmail], cancellationToken);

    public Task RemoveAsync(string channelId, string conversationId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            WITH context AS (DELETE FROM conversation_context WHERE channel_id = $1 AND conversation_id = $2)
            DELETE FROM conversation_reference WHERE channel_id = $1 AND conversation_id = $2
            """, [channelId, conversationId], cancellationToken);

    public async Task<string?> GetLastAccountIdAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "SELECT last_account_id FROM conversation_context WHERE channel_id = $1 AND conversation_id = $2", [channelId, conversationId]);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public Task SetLastAccountIdAsync(string channelId, string conversationId, string accountId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO conversation_context (channel_id, conversation_id, last_account_id) VALUES ($1, $2, $3)
            ON CONFLICT (channel_id, conversation_id) DO UPDATE SET last_account_id = excluded.last_account_id
            """, [channelId, conversationId, accountId], cancellationToken);

    private async Task ExecuteAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<StoredConversation>> QueryAsync(string where, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT channel_id, conversation_id, service_url, user_email, reference_json, updated_at
            FROM conversation_reference WHERE {where} ORDER BY updated_at DESC
            """, values);
        var results = new List<StoredConversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new StoredConversation(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return results;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            // A null string still needs a type: PostgreSQL cannot infer one for an untyped NULL in every position.
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
