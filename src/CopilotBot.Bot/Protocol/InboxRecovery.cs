using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Protocol;

/// <summary>
/// Finds acknowledged activities nobody is handling (left by an instance that stopped, or whose lease ran out after a
/// crash) and runs their turns here; keeps the leases of this instance's own waiting activities alive meanwhile.
/// </summary>
internal sealed partial class InboxRecovery(
    IInboundActivityStore store,
    TurnInbox inbox,
    BotAdapter adapter,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<InboxRecovery> logger) : BackgroundService
{
    private const int BatchSize = 64;
    private readonly BotOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _options.InboxLease / 3;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await inbox.RenewAsync(stoppingToken);
                    var recovered = await RecoverAsync(stoppingToken);
                    if (recovered == BatchSize)
                    {
                        continue; // more may be waiting
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRecoveryError(logger, ex);
                }

                await Task.Delay(interval, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<int> RecoverAsync(CancellationToken stoppingToken)
    {
        var now = timeProvider.GetUtcNow();
        var claimed = await store.ClaimAbandonedAsync(now, now + _options.InboxLease, BatchSize, stoppingToken);
        foreach (var activity in claimed)
        {
            // Attempts count every turn started for it: one that keeps failing (or crashing the host) is given up on.
            var turn = activity.Attempts > _options.InboxMaxAttempts ? null : adapter.RecoveredTurn(activity.Payload);
            if (turn is null)
            {
                LogGivenUp(logger, activity.Id, activity.Attempts - 1);
                await inbox.DropAsync(activity.Id);
                continue;
            }

            await inbox.RequeueAsync(activity.Id, turn, stoppingToken);
        }

        if (claimed.Count > 0)
        {
            LogRecovered(logger, claimed.Count);
        }

        return claimed.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Count} acknowledged activities from the turn inbox")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up on inbox activity {Id} after {Attempts} attempt(s), or it no longer reads as an activity")]
    private static partial void LogGivenUp(ILogger logger, long id, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "The turn inbox could not be read")]
    private static partial void LogRecoveryError(ILogger logger, Exception exception);
}
