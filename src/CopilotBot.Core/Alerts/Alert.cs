using CopilotBot.Core.Health;

namespace CopilotBot.Core.Alerts;

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>The band got worse since the previous snapshot.</summary>
    BandWorse,

    /// <summary>The score dropped 15 or more points in 4 weeks (<see cref="HealthTrend.EarlyWarning"/>).</summary>
    ScoreDrop,

    /// <summary>A critical flag appeared: champion_left, stale_p1, usage_drop or detractor.</summary>
    CriticalFlag,

    /// <summary>The renewal is 90 days away or less and the band is not green.</summary>
    RenewalWindow,

    /// <summary>An expansion signal appeared: seat_expansion or advocate.</summary>
    Expansion,
}

/// <summary>Where an alert stands for the people it is for.</summary>
public enum AlertStatus
{
    /// <summary>Raised and waiting for someone to act.</summary>
    Open,

    /// <summary>Put aside until <see cref="Alert.SnoozedUntil"/>; delivered again after that.</summary>
    Snoozed,

    /// <summary>Someone marked it handled.</summary>
    Handled,

    /// <summary>The condition went away on its own (a later import or run no longer shows it).</summary>
    Resolved,
}

/// <summary>A delivery of an alert to one recipient.</summary>
public sealed record AlertDelivery(string Recipient, DateTimeOffset DeliveredAt);

/// <summary>
/// One raised alert and its state. <see cref="Key"/> is deterministic (account, kind, subject), so the same condition
/// is raised once however often the same data is imported.
/// </summary>
public sealed record Alert(
    string Key,
    string AccountId,
    string AccountName,
    AlertKind Kind,
    string Subject,
    string Title,
    string Summary,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<string> Recipients,
    DateOnly AsOf,
    DateTimeOffset RaisedAt)
{
    public DateTimeOffset? SnoozedUntil { get; init; }

    public string? SnoozedBy { get; init; }

    public DateTimeOffset? HandledAt { get; init; }

    public string? HandledBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public IReadOnlyList<AlertDelivery> Deliveries { get; init; } = [];

    /// <summary>The status at <paramref name="now"/>.</summary>
    public AlertStatus StatusAt(DateTimeOffset now) =>
        HandledAt is not null ? AlertStatus.Handled
        : ResolvedAt is not null ? AlertStatus.Resolved
        : SnoozedUntil > now ? AlertStatus.Snoozed
        : AlertStatus.Open;

    /// <summary>Recipients this alert still has to reach at <paramref name="now"/> (none once handled, resolved or while snoozed).</summary>
    public IReadOnlyList<string> PendingRecipients(DateTimeOffset now) => StatusAt(now) == AlertStatus.Open
        ? Recipients.Where(r => !Deliveries.Any(d => string.Equals(d.Recipient, r, StringComparison.OrdinalIgnoreCase))).ToList()
        : [];

    /// <summary>The deterministic key of an account's alert of a kind about a subject.</summary>
    public static string KeyOf(string accountId, AlertKind kind, string subject) =>
        $"{accountId}|{AlertKinds.ToName(kind)}|{subject}";
}

/// <summary>The health of one account as last seen by detection, the baseline for the next comparison.</summary>
public sealed record AccountSnapshot(string AccountId, DateOnly AsOf, int Score, HealthBand Band, IReadOnlyList<string> Flags, IReadOnlyList<string> Signals);

/// <summary>Text names of <see cref="AlertKind"/> (CLI, JSON, keys, card data).</summary>
public static class AlertKinds
{
    public static string ToName(AlertKind kind) => SnakeCase.Name(kind);

    public static AlertKind? Parse(string? name) =>
        Enum.GetValues<AlertKind>().Cast<AlertKind?>().FirstOrDefault(k => string.Equals(ToName(k!.Value), name, StringComparison.OrdinalIgnoreCase));
}
