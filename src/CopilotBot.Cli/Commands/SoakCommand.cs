using System.CommandLine;
using System.Globalization;
using CopilotBot.Cli.Soak;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot soak [--conversations N] [--seconds S] [--url URL]</c>: load on <c>/api/messages</c> over loopback,
/// against a bot started here (sample portfolio, temp data folder) or the one at URL; exit 1 on errors or lost replies.
/// </summary>
internal static class SoakCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var conversations = new Option<int>("--conversations") { Description = "Concurrent conversations", DefaultValueFactory = _ => 100 };
        var seconds = new Option<int>("--seconds") { Description = "How long to keep sending", DefaultValueFactory = _ => 60 };
        var url = new Option<Uri?>("--url") { Description = "A running bot (its base URL) instead of one started here; it must reach 127.0.0.1" };
        var command = new Command("soak", "Load and soak test of the bot endpoint on loopback: throughput, p50/p99 turn latency, errors, lost replies")
        {
            conversations, seconds, url,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var n = parse.GetValue(conversations);
            var s = parse.GetValue(seconds);
            if (n is < 1 or > 10_000 || s is < 1 or > 86_400)
            {
                await output.Error.WriteLineAsync("--conversations must be 1..10000 and --seconds 1..86400.").ConfigureAwait(false);
                return CopilotCli.BadInput;
            }

            var report = await SoakRunner.RunAsync(
                new SoakSettings(n, TimeSpan.FromSeconds(s), parse.GetValue(url), TimeSpan.FromSeconds(30)),
                configureHost: null,
                output.Error,
                cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(options.Json))
            {
                CliJson.Write(output.Out, report);
            }
            else
            {
                await output.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Conversations} conversations, {report.Seconds:0.0} s: {report.Turns} turns, {report.Replies} replies, "
                    + $"{report.TurnsPerSecond:0.0} turns/s, p50 {report.P50Ms:0.0} ms, p99 {report.P99Ms:0.0} ms, max {report.MaxMs:0.0} ms, "
                    + $"{report.Errors} errors, {report.Lost} lost")).ConfigureAwait(false);
                foreach (var sample in report.ErrorSamples)
                {
                    await output.Error.WriteLineAsync("  " + sample).ConfigureAwait(false);
                }
            }

            return report.Errors == 0 && report.Lost == 0 ? CopilotCli.Ok : CopilotCli.Failure;
        });
        return command;
    }
}
