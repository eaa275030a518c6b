using System.Text.Json;

namespace CopilotBot.Tests.Cli;

public sealed class DraftCommandsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Remediation_plan_of_a_red_account_cites_its_rows_and_links_playbooks_on_a_fresh_data_folder()
    {
        await _cli.ImportSampleAsync();

        var run = await _cli.RunAsync("draft", "remediation-plan", "Fabrikam Logistics", "--json", "--as", "alexw@example.com");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("indexing the playbook library first", run.Error);
        var draft = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("remediation-plan", draft.GetProperty("kind").GetString());
        Assert.Equal("offline", draft.GetProperty("mode").GetString());
        Assert.False(draft.GetProperty("refused").GetBoolean());
        var sources = draft.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("source").GetString()!).ToList();
        Assert.Contains(sources, s => s.StartsWith("tickets.csv#T-1003-", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.StartsWith("playbooks/stale-p1-escalation.md#", StringComparison.Ordinal));
        Assert.All(draft.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray()),
            item => Assert.NotEqual(0, item.GetProperty("citations").GetArrayLength()));
    }

    [Fact]
    public async Task An_email_draft_goes_to_the_contact_named_with_to_about_what_about_says()
    {
        await _cli.ImportSampleAsync();

        var run = await _cli.RunAsync("draft", "email", "Fabrikam Logistics", "--to", "sofia", "--about", "asking for a call next week", "--json", "--as", "alexw@example.com");

        Assert.Equal(0, run.ExitCode);
        var draft = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("email", draft.GetProperty("kind").GetString());
        var sections = draft.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("title").GetString()!, s => s.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!).ToList());
        Assert.StartsWith("Sofia Rossi", sections["To"].Single(), StringComparison.Ordinal);
        Assert.Equal("Fabrikam Logistics: A call next week", sections["Subject"].Single());
        Assert.Equal("Hi Sofia,", sections["Message"][0]);
        Assert.Contains(sections["Message"], line => line.Contains("asking for a call next week", StringComparison.Ordinal));
        Assert.Equal("Thanks, Alex", sections["Message"][^1]);
    }

    [Fact]
    public async Task Draft_of_an_account_outside_reach_is_refused_with_exit_3()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("draft", "pre-call-brief", "Relecloud", "--json", "--as", "alexw@example.com");
        Assert.Equal(3, run.ExitCode);
        Assert.True(JsonDocument.Parse(run.Output).RootElement.GetProperty("refused").GetBoolean());
    }

    [Fact]
    public async Task Unknown_draft_kind_exits_2()
    {
        var run = await _cli.RunAsync("draft", "sonnet", "A-1001");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Ask_routes_a_portfolio_question_for_the_asking_user()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("ask", "which", "of", "my", "accounts", "are", "red?", "--json", "--as", "alexw@example.com");
        Assert.Equal(0, run.ExitCode);
        var answer = JsonDocument.Parse(run.Output).RootElement;
        var rows = answer.GetProperty("portfolioRows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("alexw@example.com", r.GetProperty("account").GetProperty("csmEmail").GetString()));
    }

    [Fact]
    public async Task Ask_holds_a_conversation_across_runs_with_the_same_id_for_the_same_user_only()
    {
        await _cli.ImportSampleAsync();
        var first = await _cli.RunAsync("ask", "how is Fabrikam Logistics doing?", "--conversation", "call-prep", "--json", "--as", "alexw@example.com");
        Assert.Equal(0, first.ExitCode);

        var followUp = await _cli.RunAsync("ask", "and their renewal?", "--conversation", "call-prep", "--json", "--as", "alexw@example.com");
        var elsewhere = await _cli.RunAsync("ask", "and their renewal?", "--conversation", "other", "--json", "--as", "alexw@example.com");
        var otherUser = await _cli.RunAsync("ask", "and their renewal?", "--conversation", "call-prep", "--json", "--as", "isaiahl@example.com");

        Assert.Equal("A-1003", JsonDocument.Parse(followUp.Output).RootElement.GetProperty("accountId").GetString());
        Assert.NotEqual(JsonValueKind.String, JsonDocument.Parse(elsewhere.Output).RootElement.GetProperty("accountId").ValueKind);
        Assert.NotEqual(JsonValueKind.String, JsonDocument.Parse(otherUser.Output).RootElement.GetProperty("accountId").ValueKind);
    }
}
