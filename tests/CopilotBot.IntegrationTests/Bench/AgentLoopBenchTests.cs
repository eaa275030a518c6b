using System.Text.Json.Nodes;
using CopilotBot.Cli;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Bench;

/// <summary><c>copilot bench agent</c> at a small size: every turn goes through the tool loop and the report is whole.</summary>
[Collection(InProcessHostsCollection.Name)]
public sealed class AgentLoopBenchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "copilotbot-agent-bench", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task The_tool_loop_is_timed_against_the_offline_answer_with_the_tools_offered_and_the_budgets()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var sample = Path.Combine(AppContext.BaseDirectory, "knowledge", "sample-portfolio");
        Assert.Equal(CopilotCli.Ok, await CopilotCli.RunAsync(["import", sample, "--data", _data], CliOutput.Plain(new StringWriter(), stderr)));

        var exit = await CopilotCli.RunAsync(
            ["bench", "agent", "--turns", "5", "--json", "--data", _data, "--as", "alexw@example.com", "--as-of", "2026-11-20"],
            CliOutput.Plain(stdout, stderr));

        output.WriteLine(stderr.ToString());
        output.WriteLine(stdout.ToString());
        Assert.Equal(CopilotCli.Ok, exit);
        var report = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal(5, (int)report["turns"]!);
        Assert.Equal(0, (int)report["fallbacks"]!);
        Assert.Equal(2, (double)report["chatRequestsPerTurn"]!);
        Assert.InRange((double)report["agentP99Ms"]!, (double)report["agentP50Ms"]!, 60_000);
        Assert.InRange((double)report["addedP99Ms"]!, (double)report["addedP50Ms"]!, 60_000);
        Assert.Equal(8, (int)report["maxToolCallsPerTurn"]!);
        Assert.True((int)report["promptTokens"]! > 0);
        var tools = report["tools"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Contains("drafts-draft_email", tools);
        Assert.Contains("portfolio-list_accounts", tools);
        Assert.All(report["tools"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["description"])));
    }
}
