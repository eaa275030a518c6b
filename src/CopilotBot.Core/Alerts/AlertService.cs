using CopilotBot.Core.Access;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core.Alerts;

/// <summary>Which alerts a listing shows.</summary>
public enum AlertFilter
{
    /// <summary>Open and snoozed alerts.</summary>
    Open,

    /// <summary>Alerts that still have to reach someone the bot cannot reach yet (or has not tried).</summary>
    Pending,

    /// <summary>Every alert, handled and resolved ones included.</summary>
    All,
}

/// <summary>What one detection run did.</summary>
public sealed record DetectionResult(DateOnly AsOf, int Accounts, bool Baseline, IReadOnlyList<Alert> Raised);

/// <summary>
/// Early warnings: detection (after every import and on the bot's schedule), the access-checked listing, and the
/// snooze and handled actions. The first detection on an empty alert store is a baseline: the conditions that already
/// hold are raised once (so existing red flags are seen), band changes only from the second run on.
/// </summary>
public sealed partial class AlertService(
    PortfolioCache cache,
    IAlertStore alerts,
    PortfolioService portfolio,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertService> logger)
{
    private const int RecordBatch = 500;

    /// <summary>Scores every account as of the configured date and raises what changed since the last snapshot.</summary>
    public async Task<DetectionResult> DetectAsync(CancellationToken cancellationToken = default)
    {
        var asOf = portfolio.AsOf;
        var now = timeProvider.GetUtcNow();
        var previous = await alerts.GetSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        // The health snapshot the portfolio views use: scored once for this import and date, by whichever asks first.
        var rows = await cache.GetRowsAsync(asOf, cancellationToken).ConfigureAwait(false);
        var raised = new List<Alert>();
        foreach (var batch in rows.Chunk(RecordBatch))
        {
            var snapshots = batch.Select(r => AlertDetector.Snapshot(r.Health)).ToList();
            var candidates = batch
                .SelectMany(r => AlertDetector.Detect(r.Account, r.Health, previous.GetValueOrDefault(r.Account.AccountId), now))
                .ToList();
            raised.AddRange(await alerts.RecordAsync(snapshots, candidates, now, cancellationToken).ConfigureAwait(false));
        }

        LogDetected(logger, rows.Count, asOf, raised.Count);
        return new DetectionResult(asOf, rows.Count, previous.Count == 0, raised);
    }

    /// <summary>The alerts of accounts the user may see, oldest first.</summary>
    public async Task<IReadOnlyList<Alert>> ListAsync(AccessScope scope, AlertFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var visible = (await portfolio.GetVisibleAccountsAsync(scope, cancellationToken).ConfigureAwait(false))
            .Select(a => a.AccountId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var now = timeProvider.GetUtcNow();
        return (await alerts.GetAlertsAsync(filter == AlertFilter.All, cancellationToken).ConfigureAwait(false))
            .Where(a => visible.Contains(a.AccountId))
            .Where(a => filter != AlertFilter.Pending || a.PendingRecipients(now).Count > 0)
            .ToList();
    }

    /// <summary>Every alert and recipient still to be delivered, for the bot's delivery loop (no access filter: recipients are owners).</summary>
    public async Task<IReadOnlyList<(Alert Alert, string Recipient)>> GetPendingDeliveriesAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        return (await alerts.GetAlertsAsync(includeClosed: false, cancellationToken).ConfigureAwait(false))
            .SelectMany(a => a.PendingRecipients(now).Select(r => (a, r)))
            .ToList();
    }

    public Task MarkDeliveredAsync(Alert alert, string recipient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alerts.MarkDeliveredAsync(alert.Key, recipient, timeProvider.GetUtcNow(), cancellationToken);
    }

    /// <summary>An alert of an account the user may see; a <see cref="NotFoundException"/> otherwise.</summary>
    public async Task<Alert> GetAsync(AccessScope scope, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var alert = await alerts.GetAlertAsync(key, cancellationToken).ConfigureAwait(false);
        var account = alert is null ? null : (await portfolio.GetVisibleAccountsAsync(scope, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(a => string.Equals(a.AccountId, alert.AccountId, StringComparison.OrdinalIgnoreCase));
        return account is not null ? alert! : throw new NotFoundException($"No alert '{key}' among yours.");
    }

    /// <summary>Puts the alert aside for <see cref="AlertOptions.SnoozeDays"/>; it comes back (and is delivered again) after that.</summary>
    public async Task<Alert> SnoozeAsync(AccessScope scope, string key, CancellationToken cancellationToken = default)
    {
        var alert = await GetAsync(scope, key, cancellationToken).ConfigureAwait(false);
        await alerts.SnoozeAsync(alert.Key, timeProvider.GetUtcNow().AddDays(options.Value.SnoozeDays), scope.User.Email, cancellationToken).ConfigureAwait(false);
        return await GetAsync(scope, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the alert handled by the user; it is no longer delivered or listed as open.</summary>
    public async Task<Alert> HandleAsync(AccessScope scope, string key, CancellationToken cancellationToken = default)
    {
        var alert = await GetAsync(scope, key, cancellationToken).ConfigureAwait(false);
        await alerts.HandleAsync(alert.Key, scope.User.Email, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await GetAsync(scope, key, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert detection over {Accounts} accounts as of {AsOf}: {Raised} alert(s) raised")]
    private static partial void LogDetected(ILogger logger, int accounts, DateOnly asOf, int raised);
}
