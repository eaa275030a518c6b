using CopilotBot.Copilot.Understanding;

namespace CopilotBot.Bot.Hosting;

/// <summary>
/// Loads the sentence model and learns the labelled utterances as the bot starts, so that the first person to ask does
/// not wait for them (seconds: the model's load and one embedding per learned utterance).
/// </summary>
internal sealed partial class UnderstandingWarmup(QuestionUnderstander understander, ILogger<UnderstandingWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(
        () =>
        {
            try
            {
                understander.Warm();
            }
            catch (Exception ex)
            {
                // Logged here too: until someone asks, nothing else would say that understanding cannot start.
                LogWarmupFailed(logger, ex);
            }
        },
        stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Learning the labelled utterances at start failed; every question will fail the same way until this is fixed")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
