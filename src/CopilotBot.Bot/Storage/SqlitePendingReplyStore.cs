using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Storage;

/// <summary>The reply outbox in the bot's state file: pending replies survive a crash and are sent after restart.</summary>
internal sealed class SqlitePendingReplyStore(IOptions<BotOptions> botOptions, IOptions<CopilotOptions> copilotOptions) : IPendingReplyStore
{
    // The first undelivered reply of its conversation: nothing may overtake it.
    private const string IsHead = "id = (SELECT MIN(q.id) FROM pending_reply q WHERE q.conversation_key = p.conversation_key AND q.state = 0)";
    private const string IsDue = "p.state = 0 AND p.next_attempt_at <= $now AND (p.lease_until IS NULL OR p.lease_until <= $now)";

    private readonly SqliteFile _file = BotStateFile.Open(botOptions.Value, copilotOptions.Value, """
        CREATE TABLE IF NOT EXISTS pending_reply (
            id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_key TEXT NOT NULL, payload TEXT NOT NULL,
            state INTEGER NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL, lease_until INTEGER NULL, last_error TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_pending_reply_conversation ON pending_reply (conversation_key, state, id);
        CREATE INDEX IF NOT EXISTS ix_pending_reply_due ON pending_reply (state, next_attempt_at);
        """);

    public async Task<long> EnqueueAsync(string conversationKey, string payload, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO pending_reply (conversation_key, payload, state, attempts, created_at, next_attempt_at)
            VALUES ($key, $payload, 0, 0, $now, $now) RETURNING id
            """;
        command.Parameters.AddWithValue("$key", conversationKey);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>One statement, so one commit: the reply is inserted already leased when nothing of its conversation is pending.</summary>
    public async Task<(long Id, PendingReply? Claimed)> EnqueueAndTryClaimAsync(
        string conversationKey, string payload, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var untilMs = (now + lease).ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO pending_reply (conversation_key, payload, state, attempts, created_at, next_attempt_at, lease_until)
            VALUES ($key, $payload, 0, 0, $now, $now,
                CASE WHEN EXISTS (SELECT 1 FROM pending_reply q WHERE q.conversation_key = $key AND q.state = 0) THEN NULL ELSE $until END)
            RETURNING id, lease_until
            """;
        command.Parameters.AddWithValue("$key", conversationKey);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", nowMs);
        command.Parameters.AddWithValue("$until", untilMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var id = reader.GetInt64(0);
        if (reader.IsDBNull(1))
        {
            return (id, null);
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        return (id, new PendingReply(id, conversationKey, payload, PendingReplyState.Pending, 0, at, at, DateTimeOffset.FromUnixTimeMilliseconds(untilMs), null));
    }

    public async Task<PendingReply?> TryClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var claimed = await ClaimAsync($"p.id = $id AND {IsDue} AND {IsHead}", now, lease, 1, id, cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
    }

    public Task<IReadOnlyList<PendingReply>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default) =>
        ClaimAsync($"{IsDue} AND {IsHead}", now, lease, max, null, cancellationToken);

    public Task CompleteAsync(long id, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE pending_reply SET state = 1, payload = '', attempts = attempts + 1, lease_until = NULL WHERE id = $id",
            cancellationToken, ("$id", id));

    public Task FailAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE pending_reply SET attempts = attempts + 1, next_attempt_at = $next, lease_until = NULL, last_error = $error WHERE id = $id",
            cancellationToken, ("$id", id), ("$next", nextAttemptAt.ToUnixTimeMilliseconds()), ("$error", error));

    public Task DeadLetterAsync(long id, string error, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE pending_reply SET state = 2, attempts = attempts + 1, lease_until = NULL, last_error = $error WHERE id = $id",
            cancellationToken, ("$id", id), ("$error", error));

    public Task PurgeDeliveredAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM pending_reply WHERE state = 1 AND created_at < $before",
            cancellationToken, ("$before", createdBefore.ToUnixTimeMilliseconds()));

    public async Task<IReadOnlyList<PendingReply>> ListAsync(PendingReplyState state, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.PendingReplyColumns} FROM pending_reply p WHERE state = $state ORDER BY id";
        command.Parameters.AddWithValue("$state", (int)state);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM pending_reply p WHERE state = 0 AND {IsHead}";
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private async Task<IReadOnlyList<PendingReply>> ClaimAsync(
        string where, DateTimeOffset now, TimeSpan lease, int max, long? id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // IMMEDIATE: two senders never lease the same reply.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {StoredRows.PendingReplyColumns} FROM pending_reply p WHERE {where} ORDER BY id LIMIT $max";
        select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("$max", max);
        if (id is not null)
        {
            select.Parameters.AddWithValue("$id", id.Value);
        }

        var found = await ReadAsync(select, cancellationToken);
        var until = now + lease;
        foreach (var reply in found)
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE pending_reply SET lease_until = $until WHERE id = $id";
            update.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$id", reply.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. found.Select(r => r with { LeaseUntil = until })];
    }

    private static Task<IReadOnlyList<PendingReply>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        StoredRows.ReadAllAsync(command, StoredRows.PendingReply, cancellationToken);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
