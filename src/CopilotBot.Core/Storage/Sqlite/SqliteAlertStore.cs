using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CopilotBot.Core.Alerts;
using Microsoft.Data.Sqlite;

namespace CopilotBot.Core.Storage.Sqlite;

/// <summary>
/// Alerts, snapshots and digests in <c>alerts.db</c> next to the portfolio: kept apart from <c>portfolio.db</c>
/// because an import replaces the whole portfolio while alert state must outlive every import.
/// </summary>
public sealed class SqliteAlertStore : IAlertStore, IAlertRoundLock, IDisposable
{
    /// <summary>The database file name under <see cref="CopilotOptions.DataDirectory"/>.</summary>
    public const string FileName = "alerts.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS snapshot (
            account_id TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            score INTEGER NOT NULL,
            band TEXT NOT NULL,
            flags TEXT NOT NULL,
            signals TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alert (
            key TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            account_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            evidence TEXT NOT NULL,
            recipients TEXT NOT NULL,
            as_of TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            snoozed_until INTEGER,
            snoozed_by TEXT,
            handled_at INTEGER,
            handled_by TEXT,
            resolved_at INTEGER);
        CREATE INDEX IF NOT EXISTS ix_alert_account ON alert (account_id);
        CREATE TABLE IF NOT EXISTS alert_delivery (
            key TEXT NOT NULL REFERENCES alert (key) ON DELETE CASCADE,
            recipient TEXT NOT NULL COLLATE NOCASE,
            delivered_at INTEGER NOT NULL,
            PRIMARY KEY (key, recipient));
        CREATE TABLE IF NOT EXISTS digest_sent (
            recipient TEXT NOT NULL COLLATE NOCASE,
            kind TEXT NOT NULL,
            period TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            PRIMARY KEY (recipient, kind, period));
        """;

    private readonly SqliteFile _file;
    // One per file in this process, shared by every store object opened on it.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_rounds = new(StringComparer.Ordinal);

    public SqliteAlertStore(string databasePath) => _file = new SqliteFile(databasePath, Schema, foreignKeys: true);

    public string DatabasePath => _file.Path;

    public async Task<IReadOnlyDictionary<string, AccountSnapshot>> GetSnapshotsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Read(connection, "SELECT account_id, as_of, score, band, flags, signals FROM snapshot", StoredRows.Snapshot)
            .ToDictionary(s => s.AccountId, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<IReadOnlyList<Alert>> RecordAsync(
        IReadOnlyList<AccountSnapshot> snapshots, IReadOnlyList<Alert> candidates, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(candidates);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction();

        foreach (var snapshot in snapshots)
        {
            Execute(connection, """
                INSERT INTO snapshot (account_id, as_of, score, band, flags, signals) VALUES ($account, $asOf, $score, $band, $flags, $signals)
                ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of, score = excluded.score, band = excluded.band,
                    flags = excluded.flags, signals = excluded.signals
                """,
                ("$account", snapshot.AccountId), ("$asOf", Iso(snapshot.AsOf)), ("$score", snapshot.Score), ("$band", snapshot.Band.ToString()),
                ("$flags", JsonSerializer.Serialize(snapshot.Flags)), ("$signals", JsonSerializer.Serialize(snapshot.Signals)));
        }

        var open = ReadAlerts(connection, "WHERE resolved_at IS NULL AND account_id IN (SELECT value FROM json_each($ids))",
            ("$ids", JsonSerializer.Serialize(snapshots.Select(s => s.AccountId))));
        var openKeys = open.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var candidateKeys = candidates.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var gone in open.Where(a => a.Kind != AlertKind.BandWorse && !candidateKeys.Contains(a.Key)))
        {
            Execute(connection, "UPDATE alert SET resolved_at = $now WHERE key = $key", ("$now", now.ToUnixTimeMilliseconds()), ("$key", gone.Key));
        }

        var raised = new List<Alert>();
        foreach (var alert in candidates.Where(a => !openKeys.Contains(a.Key)).DistinctBy(a => a.Key))
        {
            // A resolved alert whose condition is back starts over: new text, no deliveries, no snooze or handling.
            Execute(connection, "DELETE FROM alert_delivery WHERE key = $key; DELETE FROM alert WHERE key = $key", ("$key", alert.Key));
            Execute(connection, """
                INSERT INTO alert (key, account_id, account_name, kind, subject, title, summary, evidence, recipients, as_of, raised_at)
                VALUES ($key, $account, $name, $kind, $subject, $title, $summary, $evidence, $recipients, $asOf, $raisedAt)
                """,
                ("$key", alert.Key), ("$account", alert.AccountId), ("$name", alert.AccountName), ("$kind", AlertKinds.ToName(alert.Kind)),
                ("$subject", alert.Subject), ("$title", alert.Title), ("$summary", alert.Summary), ("$evidence", JsonSerializer.Serialize(alert.Evidence)),
                ("$recipients", JsonSerializer.Serialize(alert.Recipients)), ("$asOf", Iso(alert.AsOf)), ("$raisedAt", alert.RaisedAt.ToUnixTimeMilliseconds()));
            raised.Add(alert);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return raised;
    }

    public async Task<IReadOnlyList<Alert>> GetAlertsAsync(bool includeClosed, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadAlerts(connection, includeClosed ? "" : "WHERE resolved_at IS NULL AND handled_at IS NULL");
    }

    public async Task<Alert?> GetAlertAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadAlerts(connection, "WHERE key = $key", ("$key", key)).FirstOrDefault();
    }

    public async Task MarkDeliveredAsync(string key, string recipient, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, "INSERT OR REPLACE INTO alert_delivery (key, recipient, delivered_at) VALUES ($key, $recipient, $at)",
            ("$key", key), ("$recipient", recipient), ("$at", at.ToUnixTimeMilliseconds()));
    }

    public async Task SnoozeAsync(string key, DateTimeOffset until, string by, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, "UPDATE alert SET snoozed_until = $until, snoozed_by = $by WHERE key = $key; DELETE FROM alert_delivery WHERE key = $key",
            ("$key", key), ("$until", until.ToUnixTimeMilliseconds()), ("$by", by));
    }

    public async Task HandleAsync(string key, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, "UPDATE alert SET handled_at = $at, handled_by = $by WHERE key = $key",
            ("$key", key), ("$at", at.ToUnixTimeMilliseconds()), ("$by", by));
    }

    public async Task<bool> GetDigestSentAsync(string recipient, string kind, DateOnly period, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM digest_sent WHERE recipient = $recipient AND kind = $kind AND period = $period";
        Bind(command, [("$recipient", recipient), ("$kind", kind), ("$period", Iso(period))]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    public async Task<bool> TryMarkDigestSentAsync(string recipient, string kind, DateOnly period, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Execute(connection, "INSERT OR IGNORE INTO digest_sent (recipient, kind, period, sent_at) VALUES ($recipient, $kind, $period, $at)",
            ("$recipient", recipient), ("$kind", kind), ("$period", Iso(period)), ("$at", at.ToUnixTimeMilliseconds())) == 1;
    }

    /// <summary>A lock of this process on this file: the file is one machine's, served by one bot.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        var round = s_rounds.GetOrAdd(DatabasePath, _ => new SemaphoreSlim(1, 1));
        return await round.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false) ? new HeldRound(round) : null;
    }

    /// <summary>Closes the pooled connections, releasing the database file.</summary>
    public void Dispose() => _file.ClearPool();

    private static IReadOnlyList<Alert> ReadAlerts(SqliteConnection connection, string where, params (string Name, object Value)[] parameters)
    {
        var alerts = Read(connection, $"SELECT {StoredRows.AlertColumns} FROM alert {where} ORDER BY raised_at, key", StoredRows.Alert, parameters);
        return alerts.Count == 0 ? alerts : StoredRows.WithDeliveries(alerts, Read(connection,
            "SELECT key, recipient, delivered_at FROM alert_delivery WHERE key IN (SELECT value FROM json_each($keys)) ORDER BY delivered_at, recipient",
            StoredRows.Delivery, ("$keys", JsonSerializer.Serialize(alerts.Select(a => a.Key)))));
    }

    private static List<T> Read<T>(SqliteConnection connection, string sql, Func<DbDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static string Iso(DateOnly date) => StoredRows.Iso(date);

    private sealed class HeldRound(SemaphoreSlim round) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            round.Release();
            return ValueTask.CompletedTask;
        }
    }
}
