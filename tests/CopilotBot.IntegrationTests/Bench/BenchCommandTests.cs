using System.Text.Json.Nodes;
using CopilotBot.Cli;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Bench;

/// <summary>
/// <c>copilot bench</c> end to end at a small size: every step runs for real (generator, import, scoring, library,
/// search, drafts, the bot as a process) and reports sane figures. Whether targets are met is the full-size run's
/// business (README, "Performance"), not this test's: a loaded CI machine says nothing about them.
/// </summary>
[Collection(InProcessHostsCollection.Name)]
public sealed class BenchCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_small_bench_measures_every_step_and_reports_json()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CopilotCli.RunAsync(
            ["bench", "--accounts", "200", "--weeks", "20", "--chunks", "500", "--drafts", "20", "--search-rounds", "1", "--turn-seconds", "0", "--json"],
            CliOutput.Plain(stdout, stderr));

        output.WriteLine(stderr.ToString());
        output.WriteLine(stdout.ToString());
        Assert.True(exit is CopilotCli.Ok or CopilotCli.Failure, $"exit {exit}: {stderr}");
        var report = JsonNode.Parse(stdout.ToString())!;
        var figures = report["figures"]!.AsArray().Select(f => f!).ToList();
        double Value(string measure) => (double)figures.Single(f => ((string)f["measure"]!).StartsWith(measure, StringComparison.Ordinal))["value"]!;

        Assert.Equal(200, (int)report["settings"]!["accounts"]!);
        Assert.Contains("200 accounts", (string)figures.Single(f => (string)f["measure"]! == "generate and write the CSV files")["note"]!, StringComparison.Ordinal);
        Assert.InRange(Value("score 200 accounts x 20 weeks"), 0.01, 60_000);
        Assert.InRange(Value("physical bound"), 0.0001, Value("score 200 accounts x 20 weeks"));
        Assert.InRange(Value("manager portfolio, p99"), 0, Value("manager portfolio, first question after a restart"));
        Assert.InRange(Value("hybrid recall@5 at 500 passages"), 0.3, 1);
        Assert.InRange(Value("hybrid search p50"), 0.001, 1_000);
        Assert.InRange(Value("offline draft p99"), Value("offline draft p50"), 10_000);
        Assert.InRange(Value("cold start to ready with the sample"), 0.1, 120);
        Assert.InRange(Value("health call p99 (get_account_health)"), Value("health call p50 (get_account_health)"), 10_000);
        Assert.InRange(Value("draft call p99 (draft_remediation_plan)"), Value("draft call p50 (draft_remediation_plan)"), 10_000);
        Assert.InRange(Value("bot peak resident memory with 200 accounts"), 20, 4_000);
        Assert.All(figures.Where(f => f["target"] is not null), f => Assert.NotNull(f["met"]));
    }
}
