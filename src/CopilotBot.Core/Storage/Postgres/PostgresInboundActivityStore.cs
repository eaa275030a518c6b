namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// The turn inbox in PostgreSQL, shared by every bot instance: an activity one instance acknowledged and could not
/// finish (it stopped or died) is claimed by another once its lease runs out. Claims lock the rows they take
/// (<c>FOR UPDATE SKIP LOCKED</c>), so two instances never run the same recovered activity.
/// </summary>
public sealed class PostgresInboundActivityStore(PostgresDatabase database) : IInboundActivityStore
{
    private const string Columns = "id, payload, received_at, attempts";

    public async Task<long> RecordAsync(string payload, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        (long)(await database.ScalarAsync(
            "INSERT INTO inbound_activity (payload, received_at, attempts, lease_until) VALUES ($1, $2, 1, $3) RETURNING id",
            [payload, now, leaseUntil], cancellationToken).ConfigureAwait(false))!;

    public Task<IReadOnlyList<InboundActivity>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default) =>
        database.QueryAsync($"""
            WITH abandoned AS (
                SELECT a.id FROM inbound_activity a
                WHERE a.lease_until IS NULL OR a.lease_until <= $1
                ORDER BY a.id
                LIMIT $3
                FOR UPDATE OF a SKIP LOCKED),
            claimed AS (
                UPDATE inbound_activity r SET lease_until = $2, attempts = r.attempts + 1 FROM abandoned WHERE r.id = abandoned.id
                RETURNING r.*)
            SELECT {Columns} FROM claimed ORDER BY id
            """, [now, leaseUntil, max], Read, cancellationToken);

    public Task RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        ids.Count == 0 ? Task.CompletedTask
            : database.ExecuteAsync("UPDATE inbound_activity SET lease_until = $2 WHERE id = ANY($1)", [ids.ToArray(), leaseUntil], cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        ids.Count == 0 ? Task.CompletedTask
            : database.ExecuteAsync("UPDATE inbound_activity SET lease_until = NULL WHERE id = ANY($1)", [ids.ToArray()], cancellationToken);

    public Task CompleteAsync(long id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM inbound_activity WHERE id = $1", [id], cancellationToken);

    public Task<IReadOnlyList<InboundActivity>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync($"SELECT {Columns} FROM inbound_activity ORDER BY id", [], Read, cancellationToken);

    private static InboundActivity Read(Npgsql.NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3));
}
