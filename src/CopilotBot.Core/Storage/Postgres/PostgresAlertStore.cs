using System.Text.Json;
using CopilotBot.Core.Alerts;
using Npgsql;

namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// Alerts, snapshots and digests in PostgreSQL, shared by every instance: two instances importing or running detection
/// at once raise each alert once. Raising is an upsert on the alert's deterministic key that only takes effect when
/// there is no alert under that key or only a resolved one, so the database, not a read before the write, decides
/// which instance raised it; digests are marked sent with <c>ON CONFLICT DO NOTHING</c> for the same reason.
/// </summary>
public sealed class PostgresAlertStore(PostgresDatabase database) : IAlertStore, IAlertRoundLock
{
    private const long RoundLockKey = 0x436F_7069_6C6F_7403;

    // Detection runs are serialized across instances (pg_advisory_xact_lock): they upsert snapshots and alerts of the
    // same accounts, and two such transactions locking rows in different orders could deadlock.
    private const long RecordLockKey = 0x436F_7069_6C6F_7402;

    public async Task<IReadOnlyDictionary<string, AccountSnapshot>> GetSnapshotsAsync(CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT account_id, as_of, score, band, flags, signals FROM alert_snapshot", [], StoredRows.Snapshot, cancellationToken)
            .ConfigureAwait(false))
        .ToDictionary(s => s.AccountId, StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<Alert>> RecordAsync(
        IReadOnlyList<AccountSnapshot> snapshots, IReadOnlyList<Alert> candidates, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(candidates);
        var fresh = candidates.DistinctBy(a => a.Key, StringComparer.Ordinal).ToList();
        var latest = snapshots.Reverse().DistinctBy(s => s.AccountId, StringComparer.Ordinal).OrderBy(s => s.AccountId, StringComparer.Ordinal).ToList();

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        async Task<IReadOnlyList<string>> RunAsync(string sql, object?[] values)
        {
            await using var command = PostgresDatabase.Command(connection, sql, values, transaction);
            return await StoredRows.ReadAllAsync(command, r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        }

        await RunAsync($"SELECT 'locked' FROM pg_advisory_xact_lock({RecordLockKey})", []).ConfigureAwait(false);
        await RunAsync("""
            INSERT INTO alert_snapshot (account_id, as_of, score, band, flags, signals)
            SELECT a, d, s, b, f::jsonb, g::jsonb FROM unnest($1::text[], $2::date[], $3::integer[], $4::text[], $5::text[], $6::text[]) AS t(a, d, s, b, f, g)
            ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of, score = excluded.score, band = excluded.band,
                flags = excluded.flags, signals = excluded.signals
            RETURNING account_id
            """,
            [
                latest.Select(s => s.AccountId).ToArray(), latest.Select(s => s.AsOf).ToArray(), latest.Select(s => s.Score).ToArray(),
                latest.Select(s => s.Band.ToString()).ToArray(), latest.Select(s => JsonSerializer.Serialize(s.Flags)).ToArray(),
                latest.Select(s => JsonSerializer.Serialize(s.Signals)).ToArray(),
            ]).ConfigureAwait(false);

        // Band changes are events, never resolved; every other kind goes away with its condition.
        await RunAsync("""
            UPDATE alert SET resolved_at = $1
            WHERE resolved_at IS NULL AND kind <> $2 AND account_id = ANY($3::text[]) AND NOT (key = ANY($4::text[]))
            RETURNING key
            """,
            [now, AlertKinds.ToName(AlertKind.BandWorse), latest.Select(s => s.AccountId).ToArray(), fresh.Select(a => a.Key).ToArray()])
            .ConfigureAwait(false);

        // A resolved alert whose condition is back starts over: new text, no deliveries, no snooze or handling.
        var raised = (await RunAsync("""
            WITH raised AS (
                INSERT INTO alert (key, account_id, account_name, kind, subject, title, summary, evidence, recipients, as_of, raised_at)
                SELECT k, a, n, kd, s, t, sm, e::jsonb, r::jsonb, d, ra
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                    $10::date[], $11::timestamptz[]) AS c(k, a, n, kd, s, t, sm, e, r, d, ra)
                ON CONFLICT (key) DO UPDATE SET
                    account_id = excluded.account_id, account_name = excluded.account_name, kind = excluded.kind, subject = excluded.subject,
                    title = excluded.title, summary = excluded.summary, evidence = excluded.evidence, recipients = excluded.recipients,
                    as_of = excluded.as_of, raised_at = excluded.raised_at,
                    snoozed_until = NULL, snoozed_by = NULL, handled_at = NULL, handled_by = NULL, resolved_at = NULL
                WHERE alert.resolved_at IS NOT NULL
                RETURNING key),
            cleared AS (DELETE FROM alert_delivery d USING raised WHERE d.key = raised.key)
            SELECT key FROM raised
            """,
            [
                fresh.Select(a => a.Key).ToArray(), fresh.Select(a => a.AccountId).ToArray(), fresh.Select(a => a.AccountName).ToArray(),
                fresh.Select(a => AlertKinds.ToName(a.Kind)).ToArray(), fresh.Select(a => a.Subject).ToArray(), fresh.Select(a => a.Title).ToArray(),
                fresh.Select(a => a.Summary).ToArray(), fresh.Select(a => JsonSerializer.Serialize(a.Evidence)).ToArray(),
                fresh.Select(a => JsonSerializer.Serialize(a.Recipients)).ToArray(), fresh.Select(a => a.AsOf).ToArray(),
                fresh.Select(a => a.RaisedAt.ToUniversalTime()).ToArray(),
            ]).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return fresh.Where(a => raised.Contains(a.Key)).ToList();
    }

    public Task<IReadOnlyList<Alert>> GetAlertsAsync(bool includeClosed, CancellationToken cancellationToken = default) =>
        ReadAlertsAsync(includeClosed ? "" : "WHERE resolved_at IS NULL AND handled_at IS NULL", [], cancellationToken);

    public async Task<Alert?> GetAlertAsync(string key, CancellationToken cancellationToken = default) =>
        (await ReadAlertsAsync("WHERE key = $1", [key], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task MarkDeliveredAsync(string key, string recipient, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            INSERT INTO alert_delivery (key, recipient, delivered_at) VALUES ($1, $2, $3)
            ON CONFLICT (key, lower(recipient)) DO UPDATE SET recipient = excluded.recipient, delivered_at = excluded.delivered_at
            """, [key, recipient, at], cancellationToken);

    public Task SnoozeAsync(string key, DateTimeOffset until, string by, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            WITH snoozed AS (UPDATE alert SET snoozed_until = $2, snoozed_by = $3 WHERE key = $1)
            DELETE FROM alert_delivery WHERE key = $1
            """, [key, until, by], cancellationToken);

    public Task HandleAsync(string key, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE alert SET handled_at = $2, handled_by = $3 WHERE key = $1", [key, at, by], cancellationToken);

    public async Task<bool> GetDigestSentAsync(string recipient, string kind, DateOnly period, CancellationToken cancellationToken = default) =>
        await database.ScalarAsync("SELECT EXISTS (SELECT 1 FROM digest_sent WHERE lower(recipient) = lower($1) AND kind = $2 AND period = $3)",
            [recipient, kind, period], cancellationToken).ConfigureAwait(false) is true;

    public async Task<bool> TryMarkDigestSentAsync(string recipient, string kind, DateOnly period, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("INSERT INTO digest_sent (recipient, kind, period, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            [recipient, kind, period, at], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>A session advisory lock on a connection of its own, held for the round; the database drops it if the process dies.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = PostgresDatabase.Command(connection, $"SELECT pg_try_advisory_lock({RoundLockKey})", []);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new HeldRound(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<IReadOnlyList<Alert>> ReadAlertsAsync(string where, object?[] values, CancellationToken cancellationToken)
    {
        var alerts = await database.QueryAsync($"SELECT {StoredRows.AlertColumns} FROM alert {where} ORDER BY raised_at, key", values, StoredRows.Alert,
            cancellationToken).ConfigureAwait(false);
        if (alerts.Count == 0)
        {
            return alerts;
        }

        var deliveries = await database.QueryAsync("""
            SELECT key, recipient, delivered_at FROM alert_delivery WHERE key = ANY($1::text[]) ORDER BY delivered_at, lower(recipient) COLLATE "C"
            """, [alerts.Select(a => a.Key).ToArray()], StoredRows.Delivery, cancellationToken).ConfigureAwait(false);
        return StoredRows.WithDeliveries(alerts, deliveries);
    }

    private sealed class HeldRound(NpgsqlConnection connection) : IAsyncDisposable
    {
        // Unlocked explicitly: a closed connection goes back to the pool, and a session lock could outlive the round there.
        public async ValueTask DisposeAsync()
        {
            await using (connection.ConfigureAwait(false))
            {
                await PostgresDatabase.ExecuteAsync(connection, $"SELECT pg_advisory_unlock({RoundLockKey})", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
