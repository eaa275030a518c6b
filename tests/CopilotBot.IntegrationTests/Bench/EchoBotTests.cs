using System.Diagnostics;
using CopilotBot.Cli.Bench;
using CopilotBot.Cli.Soak;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Bench;

/// <summary>The JS botbuilder echo bot under the soak driver, and the side-by-side run with ours.</summary>
public sealed class EchoBotTests(ITestOutputHelper output)
{
    private static string Folder => NodeModulesFactAttribute.Folder(VectraBaselineTests.Baselines);

    [NodeModulesFact(VectraBaselineTests.Baselines)]
    public async Task The_echo_bot_answers_every_soak_turn_at_the_stub()
    {
        using var log = new StringWriter();
        SoakReport report;
        await using (var bot = await EchoBot.StartAsync(Folder, log, CancellationToken.None))
        {
            report = await SoakRunner.RunAsync(new SoakSettings(2, TimeSpan.FromSeconds(3), bot.Url, TimeSpan.FromSeconds(10)), null, log, CancellationToken.None);
        }

        output.WriteLine(log.ToString());
        output.WriteLine($"{report.Turns} turns, {report.TurnsPerSecond:0.0}/s, p99 {report.P99Ms:0.0} ms");
        Assert.True(report.Errors == 0, string.Join("\n", report.ErrorSamples));
        Assert.Equal(0, report.Lost);
        Assert.True(report.Turns > 0);
        Assert.Equal(report.Turns, report.Replies);
    }

    [NodeModulesFact(VectraBaselineTests.Baselines)]
    public async Task Disposing_the_echo_bot_ends_its_process()
    {
        using var log = new StringWriter();
        var bot = await EchoBot.StartAsync(Folder, log, CancellationToken.None);
        using var process = Process.GetProcessById(bot.ProcessId);

        await bot.DisposeAsync();

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)), "node echo-bot.mjs still runs");
    }

    [NodeModulesFact(VectraBaselineTests.Baselines)]
    public async Task The_comparison_runs_both_bots_under_the_same_load_and_divides_their_figures()
    {
        using var log = new StringWriter();

        var report = await TurnComparison.RunAsync(2, TimeSpan.FromSeconds(2), Folder, log, CancellationToken.None);

        output.WriteLine(log.ToString());
        foreach (var soak in new[] { report.Ours, report.Echo })
        {
            Assert.True(soak.Errors == 0, string.Join("\n", soak.ErrorSamples));
            Assert.Equal(2, soak.Conversations);
            Assert.True(soak.Replies > 0);
        }

        Assert.Equal(report.Ours.TurnsPerSecond / report.Echo.TurnsPerSecond, report.ThroughputRatio);
        Assert.Equal(report.Ours.P99Ms / report.Echo.P99Ms, report.P99Ratio);
    }
}
