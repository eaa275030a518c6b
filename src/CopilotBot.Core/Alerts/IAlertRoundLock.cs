namespace CopilotBot.Core.Alerts;

/// <summary>
/// One alert round (detection, deliveries, digests) at a time over the same alert state. Bot instances sharing
/// PostgreSQL each run the alert worker; without this, an alert pending for a reachable user would go out from each.
/// Implemented by the alert stores: a PostgreSQL session advisory lock (released when the process dies), and a
/// process-local lock for the SQLite file.
/// </summary>
public interface IAlertRoundLock
{
    /// <summary>The lock, held until disposed; null when another round holds it (that one does the work).</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken = default);
}
