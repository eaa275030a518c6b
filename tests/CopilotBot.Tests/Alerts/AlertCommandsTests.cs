using System.Text.Json;
using CopilotBot.Tests.Cli;

namespace CopilotBot.Tests.Alerts;

/// <summary><c>copilot alerts</c> and <c>copilot digest</c> after <c>copilot import</c>, in-process as from a shell.</summary>
public sealed class AlertCommandsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Import_raises_the_baseline_and_alerts_lists_only_what_the_user_may_see()
    {
        await _cli.ImportSampleAsync();

        var alex = await _cli.RunAsync("alerts", "--as", "alexw@example.com", "--as-of", "2026-11-20", "--json");
        var pending = await _cli.RunAsync("alerts", "--as", "nestorw@example.com", "--as-of", "2026-11-20", "--pending");

        Assert.True(alex.ExitCode == 0, alex.Error);
        using var json = JsonDocument.Parse(alex.Output);
        var alerts = json.RootElement.EnumerateArray().ToList();
        Assert.Contains(alerts, a => a.GetProperty("key").GetString() == "A-1002|critical_flag|champion_left");
        Assert.All(alerts, a => Assert.Contains("alexw@example.com", a.GetProperty("recipients").EnumerateArray().Select(r => r.GetString())));
        Assert.All(alerts, a => Assert.Equal("open", a.GetProperty("status").GetString()));
        Assert.Equal(0, pending.ExitCode);
        Assert.Contains("not yet delivered", pending.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("A-1002", pending.Output, StringComparison.Ordinal); // Alex's account, not Nestor's team
    }

    [Fact]
    public async Task Digest_prints_the_managers_team_digest_and_refuses_strangers()
    {
        await _cli.ImportSampleAsync();

        var adele = await _cli.RunAsync("digest", "--as", "adelev@example.com", "--as-of", "2026-11-20");
        var json = await _cli.RunAsync("digest", "--as", "adelev@example.com", "--as-of", "2026-11-20", "--json");
        var stranger = await _cli.RunAsync("digest", "--as", "nobody@example.com");

        Assert.True(adele.ExitCode == 0, adele.Error);
        Assert.StartsWith("## Weekly digest for Adele Vance: your team", adele.Output, StringComparison.Ordinal);
        Assert.Contains("team: alexw@example.com, isaiahl@example.com", adele.Output, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json.Output);
        Assert.Equal("manager", parsed.RootElement.GetProperty("kind").GetString());
        Assert.Equal(4, stranger.ExitCode);
    }
}
