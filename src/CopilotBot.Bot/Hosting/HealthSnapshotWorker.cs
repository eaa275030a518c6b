using CopilotBot.Core.Portfolio;

namespace CopilotBot.Bot.Hosting;

/// <summary>
/// Scores the health snapshot the portfolio answers read before anyone asks: at start, after an import by any instance
/// and when the day turns. Otherwise the first portfolio question after each of those waits for every account to be
/// read and scored (seconds at 10,000 accounts); the alert round does it too, but only where alerts are on and only
/// on the instance that holds the round.
/// </summary>
internal sealed partial class HealthSnapshotWorker(
    PortfolioService portfolio,
    PortfolioCache cache,
    TimeProvider timeProvider,
    ILogger<HealthSnapshotWorker> logger) : BackgroundService
{
    /// <summary>How soon an import elsewhere or a new day is scored; a check of a scored snapshot costs one small query (the store's import time).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        do
        {
            try
            {
                // Before the first import this scores nothing; the import's new time makes the next check score it.
                await cache.GetRowsAsync(portfolio.AsOf, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScoringFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scoring the health snapshot ahead of questions failed; the next check or question tries again")]
    private static partial void LogScoringFailed(ILogger logger, Exception exception);
}
