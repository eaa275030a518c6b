using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Storage;

/// <summary>Conversation references and context in a small SQLite file next to the portfolio, so they survive restarts.</summary>
internal sealed class SqliteConversationStore : IConversationReferenceStore, IConversationContextStore
{
    private readonly SqliteFile _file;

    public SqliteConversationStore(IOptions<BotOptions> botOptions, IOptions<CopilotOptions> copilotOptions)
    {
        _file = BotStateFile.Open(botOptions.Value, copilotOptions.Value, """
            CREATE TABLE IF NOT EXISTS conversation_reference (
                channel_id TEXT NOT NULL, conversation_id TEXT NOT NULL, service_url TEXT NOT NULL,
                user_email TEXT NULL, reference_json TEXT NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY (channel_id, conversation_id));
            CREATE INDEX IF NOT EXISTS ix_conversation_reference_user ON conversation_reference (user_email COLLATE NOCASE);
            CREATE TABLE IF NOT EXISTS conversation_state (
                channel_id TEXT NOT NULL, conversation_id TEXT NOT NULL, state_json TEXT NOT NULL,
                PRIMARY KEY (channel_id, conversation_id));
            -- Files of earlier versions kept only the last account: carried over once, as the state it means.
            CREATE TABLE IF NOT EXISTS conversation_context (
                channel_id TEXT NOT NULL, conversation_id TEXT NOT NULL, last_account_id TEXT NOT NULL,
                PRIMARY KEY (channel_id, conversation_id));
            INSERT OR IGNORE INTO conversation_state (channel_id, conversation_id, state_json)
                SELECT channel_id, conversation_id, json_object('AccountId', last_account_id) FROM conversation_context;
            DROP TABLE conversation_context;
            """);
    }

    public async Task SaveAsync(StoredConversation conversation, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO conversation_reference (channel_id, conversation_id, service_url, user_email, reference_json, updated_at)
            VALUES ($channel, $conversation, $serviceUrl, $user, $json, $updated)
            ON CONFLICT (channel_id, conversation_id) DO UPDATE SET
                service_url = excluded.service_url, user_email = excluded.user_email,
                reference_json = excluded.reference_json, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$channel", conversation.ChannelId);
        command.Parameters.AddWithValue("$conversation", conversation.ConversationId);
        command.Parameters.AddWithValue("$serviceUrl", conversation.ServiceUrl);
        command.Parameters.AddWithValue("$user", (object?)conversation.UserEmail ?? DBNull.Value);
        command.Parameters.AddWithValue("$json", conversation.ReferenceJson);
        command.Parameters.AddWithValue("$updated", conversation.UpdatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredConversation?> GetAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync("channel_id = $channel AND conversation_id = $conversation",
            [("$channel", channelId), ("$conversation", conversationId)], cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<StoredConversation>> GetByUserAsync(string userEmail, CancellationToken cancellationToken = default) =>
        QueryAsync("user_email = $user COLLATE NOCASE", [("$user", userEmail)], cancellationToken);

    public async Task RemoveAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM conversation_reference WHERE channel_id = $channel AND conversation_id = $conversation;
            DELETE FROM conversation_state WHERE channel_id = $channel AND conversation_id = $conversation;
            """;
        command.Parameters.AddWithValue("$channel", channelId);
        command.Parameters.AddWithValue("$conversation", conversationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> GetStateAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state_json FROM conversation_state WHERE channel_id = $channel AND conversation_id = $conversation";
        command.Parameters.AddWithValue("$channel", channelId);
        command.Parameters.AddWithValue("$conversation", conversationId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetStateAsync(string channelId, string conversationId, string stateJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO conversation_state (channel_id, conversation_id, state_json) VALUES ($channel, $conversation, $state)
            ON CONFLICT (channel_id, conversation_id) DO UPDATE SET state_json = excluded.state_json
            """;
        command.Parameters.AddWithValue("$channel", channelId);
        command.Parameters.AddWithValue("$conversation", conversationId);
        command.Parameters.AddWithValue("$state", stateJson);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<StoredConversation>> QueryAsync(
        string where, IEnumerable<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT channel_id, conversation_id, service_url, user_email, reference_json, updated_at
            FROM conversation_reference WHERE {where} ORDER BY updated_at DESC
            """;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var results = new List<StoredConversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new StoredConversation(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return results;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
