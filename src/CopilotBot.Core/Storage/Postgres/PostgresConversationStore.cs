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
                conversation.UpdatedAt],
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
            WITH state AS (DELETE FROM conversation_state WHERE channel_id = $1 AND conversation_id = $2)
            DELETE FROM conversation_reference WHERE channel_id = $1 AND conversation_id = $2
            """, [channelId, conversationId], cancellationToken);

    public async Task<string?> GetStateAsync(string channelId, string conversationId, CancellationToken cancellationToken = default) =>
        await database.ScalarAsync("SELECT state_json FROM conversation_state WHERE channel_id = $1 AND conversation_id = $2",
            [channelId, conversationId], cancellationToken).ConfigureAwait(false) as string;

    public Task SetStateAsync(string channelId, string conversationId, string stateJson, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO conversation_state (channel_id, conversation_id, state_json) VALUES ($1, $2, $3)
            ON CONFLICT (channel_id, conversation_id) DO UPDATE SET state_json = excluded.state_json
            """, [channelId, conversationId, stateJson], cancellationToken);

    private Task ExecuteAsync(string sql, object?[] values, CancellationToken cancellationToken) =>
        database.ExecuteAsync(sql, values, cancellationToken);

    private Task<IReadOnlyList<StoredConversation>> QueryAsync(string where, object?[] values, CancellationToken cancellationToken) =>
        database.QueryAsync($"""
            SELECT channel_id, conversation_id, service_url, user_email, reference_json, updated_at
            FROM conversation_reference WHERE {where} ORDER BY updated_at DESC
            """, values, r => new StoredConversation(
                r.GetString(0),
                r.GetString(1),
                r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4),
                r.GetFieldValue<DateTimeOffset>(5)), cancellationToken);
}
