using System.Text.Json;
using CopilotBot.Cli.Soak;
using Microsoft.AspNetCore.Builder;

namespace CopilotBot.Cli.Bench;

/// <summary>
/// Our <c>/api/messages</c> turn (offline draft included) against the JS <c>botbuilder</c> echo bot under the same soak:
/// <see cref="ThroughputRatio"/> is ours / echo's turns per second, <see cref="P99Ratio"/> ours / echo's p99; null when
/// the echo bot's figure is 0.
/// </summary>
internal sealed record TurnComparisonReport(SoakReport Ours, SoakReport Echo, double? ThroughputRatio, double? P99Ratio);

/// <summary>Runs the soak driver against our bot in-process, then against <c>echo-bot.mjs</c>, with the same settings.</summary>
internal static class TurnComparison
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    /// <param name="configureHost">Lets tests replace services of our bot, as for <see cref="SoakRunner"/>.</param>
    public static async Task<TurnComparisonReport> RunAsync(
        int conversations,
        TimeSpan duration,
        string baselinesDirectory,
        TextWriter log,
        CancellationToken cancellationToken,
        Action<WebApplicationBuilder>? configureHost = null)
    {
        // Fail before the long half when the echo bot cannot run at all.
        BaselineLocator.Require(baselinesDirectory);
        // Each side is soaked once unmeasured first, as the searches are: JIT tiering (ours) and V8 (theirs) then
        // reach the steady state users meet, instead of the first seconds of a process counting against it.
        var warmUp = new SoakSettings(conversations, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), null, ReplyTimeout);
        await log.WriteLineAsync("Our bot (a warm-up run, then the measured one):").ConfigureAwait(false);
        await SoakRunner.RunAsync(warmUp, configureHost, log, cancellationToken).ConfigureAwait(false);
        var ours = await SoakRunner.RunAsync(new SoakSettings(conversations, duration, null, ReplyTimeout), configureHost, log, cancellationToken).ConfigureAwait(false);

        await log.WriteLineAsync("The JS botbuilder echo bot (a warm-up run, then the measured one):").ConfigureAwait(false);
        SoakReport echo;
        await using (var bot = await EchoBot.StartAsync(baselinesDirectory, log, cancellationToken).ConfigureAwait(false))
        {
            await SoakRunner.RunAsync(warmUp with { BotUrl = bot.Url }, null, log, cancellationToken).ConfigureAwait(false);
            echo = await SoakRunner.RunAsync(new SoakSettings(conversations, duration, bot.Url, ReplyTimeout), null, log, cancellationToken).ConfigureAwait(false);
        }

        return new TurnComparisonReport(
            ours,
            echo,
            echo.TurnsPerSecond > 0 ? ours.TurnsPerSecond / echo.TurnsPerSecond : null,
            echo.P99Ms > 0 ? ours.P99Ms / echo.P99Ms : null);
    }
}

/// <summary><c>node echo-bot.mjs 0</c> on 127.0.0.1, running until disposed (which kills it).</summary>
internal sealed class EchoBot : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly NodeScript _node;

    private EchoBot(NodeScript node, Uri url)
    {
        _node = node;
        Url = url;
    }

    /// <summary>The bot's base URL; activities go to <c>api/messages</c> under it.</summary>
    public Uri Url { get; }

    public int ProcessId => _node.ProcessId;

    /// <summary>Starts the bot on a free port and waits for its ready line.</summary>
    /// <exception cref="BaselineException">node or the baselines are missing, or the bot did not start.</exception>
    public static async Task<EchoBot> StartAsync(string baselinesDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        var node = NodeScript.Start(baselinesDirectory, "echo-bot.mjs", ["0"], log);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            using var ready = JsonDocument.Parse(await node.ReadLineAsync(timeout.Token).ConfigureAwait(false));
            var port = ready.RootElement.GetProperty("port").GetInt32();
            return new EchoBot(node, new Uri($"http://127.0.0.1:{port}/"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw new BaselineException($"echo-bot.mjs did not print its ready line within {StartTimeout.TotalSeconds:0} s.");
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
