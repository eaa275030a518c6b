using CopilotBot.Core.Alerts;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Alerts;

/// <summary>
/// Every <see cref="AlertOptions.CheckInterval"/>: re-runs detection (for time-based rules such as a renewal entering
/// the 90-day window), delivers pending alerts and sends due digests. A failed round is logged and the next one runs.
/// </summary>
internal sealed partial class AlertWorker(
    AlertService alerts,
    AlertDispatcher dispatcher,
    IAlertRoundLock roundLock,
    IPortfolioStore store,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: detect, deliver, digests; skipped while another instance runs one on the same alert state.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await store.HasPortfolioAsync(cancellationToken))
        {
            return;
        }

        await using var round = await roundLock.TryAcquireAsync(cancellationToken);
        if (round is null)
        {
            LogRoundSkipped(logger);
            return;
        }

        await alerts.DetectAsync(cancellationToken);
        await dispatcher.DeliverPendingAsync(cancellationToken);
        await dispatcher.SendDueDigestsAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert round skipped: another instance is running one")]
    private static partial void LogRoundSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert round failed; the next one runs on schedule")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
