namespace CopilotBot.Core.Alerts;

/// <summary>
/// Account snapshots, raised alerts with their state, and sent digests. Implementations: SQLite (embedded default);
/// PostgreSQL (shared by every instance). Alerts come back ordered by raised time then key.
/// </summary>
public interface IAlertStore
{
    /// <summary>The last snapshot of every account, by account id.</summary>
    Task<IReadOnlyDictionary<string, AccountSnapshot>> GetSnapshotsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: replaces the snapshots of the given accounts; raises each candidate whose key has no
    /// unresolved alert (a resolved one is raised again with fresh state); resolves the unresolved state alerts
    /// (every kind but <see cref="AlertKind.BandWorse"/>) of those accounts that are no longer candidates.
    /// Returns the alerts raised.
    /// </summary>
    Task<IReadOnlyList<Alert>> RecordAsync(
        IReadOnlyList<AccountSnapshot> snapshots, IReadOnlyList<Alert> candidates, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Every alert; resolved and handled ones only when <paramref name="includeClosed"/>.</summary>
    Task<IReadOnlyList<Alert>> GetAlertsAsync(bool includeClosed, CancellationToken cancellationToken = default);

    Task<Alert?> GetAlertAsync(string key, CancellationToken cancellationToken = default);

    Task MarkDeliveredAsync(string key, string recipient, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Snoozes an alert and forgets its deliveries, so that it is delivered again when the snooze ends.</summary>
    Task SnoozeAsync(string key, DateTimeOffset until, string by, CancellationToken cancellationToken = default);

    Task HandleAsync(string key, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether the digest of a period was sent already.</summary>
    Task<bool> GetDigestSentAsync(string recipient, string kind, DateOnly period, CancellationToken cancellationToken = default);

    /// <summary>Records that a digest for a period was sent; false when it already was (so each is sent once).</summary>
    Task<bool> TryMarkDigestSentAsync(string recipient, string kind, DateOnly period, DateTimeOffset at, CancellationToken cancellationToken = default);
}
