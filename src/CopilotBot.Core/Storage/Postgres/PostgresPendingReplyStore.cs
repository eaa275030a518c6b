namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// The reply outbox in PostgreSQL, shared by every bot instance on the database: a reply recorded by one instance is
/// sent by whichever sender claims it first, also after its own instance died. A claim is one statement that locks
/// the rows it takes (<c>FOR UPDATE SKIP LOCKED</c>) and leases them, so two senders never lease the same reply and
/// never wait for each other.
/// </summary>
public sealed class PostgresPendingReplyStore(PostgresDatabase database) : IPendingReplyStore
{
    // The first undelivered reply of its conversation: nothing may overtake it.
    private const string IsHead = "NOT EXISTS (SELECT 1 FROM pending_reply q WHERE q.conversation_key = p.conversation_key AND q.state = 0 AND q.id < p.id)";

    // $1 = now, $2 = lease end, $3 = limit, $4 = the one id TryClaimAsync asks for (null: any).
    // The conditions are on the locked row itself, so that a row another sender leased or completed after this
    // statement's snapshot is re-checked on its committed version (READ COMMITTED re-evaluation) and skipped.
    private static readonly string s_claim = $"""
        WITH due AS (
            SELECT p.id FROM pending_reply p
            WHERE p.state = 0 AND p.next_attempt_at <= $1 AND (p.lease_until IS NULL OR p.lease_until <= $1)
              AND ($4::bigint IS NULL OR p.id = $4::bigint)
              AND {IsHead}
            ORDER BY p.id
            LIMIT $3
            FOR UPDATE OF p SKIP LOCKED),
        claimed AS (
            UPDATE pending_reply r SET lease_until = $2 FROM due WHERE r.id = due.id
            RETURNING r.*)
        SELECT {StoredRows.PendingReplyColumns} FROM claimed ORDER BY id
        """;

    public async Task<long> EnqueueAsync(string conversationKey, string payload, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (long)(await database.ScalarAsync("""
            INSERT INTO pending_reply (conversation_key, payload, state, attempts, created_at, next_attempt_at)
            VALUES ($1, $2, 0, 0, $3, $3) RETURNING id
            """, [conversationKey, payload, now], cancellationToken).ConfigureAwait(false))!;

    public async Task<PendingReply?> TryClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var claimed = await ClaimAsync(now, lease, 1, id, cancellationToken).ConfigureAwait(false);
        return claimed.Count == 0 ? null : claimed[0];
    }

    public Task<IReadOnlyList<PendingReply>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default) =>
        ClaimAsync(now, lease, max, null, cancellationToken);

    public Task CompleteAsync(long id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE pending_reply SET state = 1, payload = '', attempts = attempts + 1, lease_until = NULL WHERE id = $1", [id], cancellationToken);

    public Task FailAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE pending_reply SET attempts = attempts + 1, next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1",
            [id, nextAttemptAt, error], cancellationToken);

    public Task DeadLetterAsync(long id, string error, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE pending_reply SET state = 2, attempts = attempts + 1, lease_until = NULL, last_error = $2 WHERE id = $1",
            [id, error], cancellationToken);

    public Task<IReadOnlyList<PendingReply>> ListAsync(PendingReplyState state, CancellationToken cancellationToken = default) =>
        database.QueryAsync($"SELECT {StoredRows.PendingReplyColumns} FROM pending_reply WHERE state = $1 ORDER BY id",
            [(int)state], StoredRows.PendingReply, cancellationToken);

    public Task PurgeDeliveredAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM pending_reply WHERE state = 1 AND created_at < $1", [createdBefore], cancellationToken);

    // GREATEST ignores a null lease.
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) =>
        await database.ScalarAsync($"SELECT min(greatest(next_attempt_at, lease_until)) FROM pending_reply p WHERE p.state = 0 AND {IsHead}", [], cancellationToken)
            .ConfigureAwait(false) is DateTime utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;

    private Task<IReadOnlyList<PendingReply>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int max, long? id, CancellationToken cancellationToken) =>
        database.QueryAsync(s_claim, [now, now + lease, max, id], StoredRows.PendingReply, cancellationToken);
}
