using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;

namespace CopilotBot.Core.Storage;

/// <summary>
/// Maps the rows of the outbox and alert tables to records, whichever database they come from: SQLite keeps times as
/// Unix milliseconds and dates as ISO text, PostgreSQL as <c>timestamptz</c> and <c>date</c>; the column order is the
/// same in both, so each store only says how to select.
/// </summary>
public static class StoredRows
{
    /// <summary>The columns of <c>pending_reply</c> that <see cref="PendingReply(DbDataReader)"/> reads, in order.</summary>
    public const string PendingReplyColumns = "id, conversation_key, payload, state, attempts, created_at, next_attempt_at, lease_until, last_error";

    /// <summary>The columns of <c>alert</c> that the alert reader expects, in order.</summary>
    internal const string AlertColumns = """
        key, account_id, account_name, kind, subject, title, summary, evidence, recipients, as_of, raised_at,
        snoozed_until, snoozed_by, handled_at, handled_by, resolved_at
        """;

    /// <summary>A reply from a row of <see cref="PendingReplyColumns"/>.</summary>
    public static PendingReply PendingReply(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new PendingReply(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            (PendingReplyState)reader.GetInt32(3),
            reader.GetInt32(4),
            Time(reader, 5),
            Time(reader, 6),
            NullableTime(reader, 7),
            NullableString(reader, 8));
    }

    /// <summary>Every row <paramref name="command"/> returns, mapped.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(map);
        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(map(reader));
        }

        return results;
    }

    /// <summary>An alert, without its deliveries, from a row of <see cref="AlertColumns"/>.</summary>
    internal static Alert Alert(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), AlertKinds.Parse(r.GetString(3)) ?? AlertKind.CriticalFlag, r.GetString(4),
        r.GetString(5), r.GetString(6), JsonSerializer.Deserialize<List<Evidence>>(r.GetString(7)) ?? [], Strings(r.GetString(8)),
        Date(r, 9), Time(r, 10))
    {
        SnoozedUntil = NullableTime(r, 11),
        SnoozedBy = NullableString(r, 12),
        HandledAt = NullableTime(r, 13),
        HandledBy = NullableString(r, 14),
        ResolvedAt = NullableTime(r, 15),
    };

    /// <summary>A snapshot from <c>account_id, as_of, score, band, flags, signals</c>.</summary>
    internal static AccountSnapshot Snapshot(DbDataReader r) => new(
        r.GetString(0), Date(r, 1), r.GetInt32(2), Enum.Parse<HealthBand>(r.GetString(3)), Strings(r.GetString(4)), Strings(r.GetString(5)));

    /// <summary>A delivery from <c>key, recipient, delivered_at</c>, with its alert's key.</summary>
    internal static (string Key, AlertDelivery Delivery) Delivery(DbDataReader r) => (r.GetString(0), new AlertDelivery(r.GetString(1), Time(r, 2)));

    /// <summary>The alerts with their deliveries attached.</summary>
    internal static IReadOnlyList<Alert> WithDeliveries(IReadOnlyList<Alert> alerts, IEnumerable<(string Key, AlertDelivery Delivery)> deliveries)
    {
        var byKey = deliveries.GroupBy(d => d.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AlertDelivery>)[.. g.Select(d => d.Delivery)], StringComparer.Ordinal);
        return [.. alerts.Select(a => byKey.TryGetValue(a.Key, out var found) ? a with { Deliveries = found } : a)];
    }

    internal static List<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) => reader.GetFieldType(ordinal) == typeof(long)
        ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal))
        : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);

    private static DateOnly Date(DbDataReader reader, int ordinal) => reader.GetFieldType(ordinal) == typeof(string)
        ? DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture)
        : reader.GetFieldValue<DateOnly>(ordinal);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
