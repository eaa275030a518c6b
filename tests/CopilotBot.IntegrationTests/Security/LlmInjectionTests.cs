using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.IntegrationTests.Copilot;
using CopilotBot.IntegrationTests.Support;
using CopilotBot.Tests.Copilot.Fakes;
using CopilotBot.Tests.Security;

namespace CopilotBot.IntegrationTests.Security;

/// <summary>The llm mode over an account whose notes try to take over, against a local OpenAI-protocol server.</summary>
public sealed partial class LlmInjectionTests : IAsyncLifetime
{
    private OpenAiProtocolServer _server = null!;

    public async Task InitializeAsync() => _server = await OpenAiProtocolServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private CopilotHarness Harness() =>
        new(HostilePortfolio.Data, scorer: null, SamplePortfolio.AsOf, CopilotHarness.Llm(_server.BaseUri.ToString()), playbooks: HostilePortfolio.Playbooks);

    private static readonly (string, string, string)[] s_grounded =
    [
        ("Diagnosis", "Acme Corp renews on 2026-12-20 with USD 240,000 ARR.", "accounts.csv#A-100"),
        ("Actions", "**Support**, by 2026-11-25: escalate T-1042, open since 2026-10-20, with a named engineering owner.", "tickets.csv#T-1042"),
    ];

    [Theory]
    [InlineData(DraftKind.RemediationPlan)]
    [InlineData(DraftKind.PreCallBrief)]
    public async Task Hostile_text_stays_inside_the_evidence_block_one_row_a_line(DraftKind kind)
    {
        _server.EnqueueText(r => LlmDraftTests.DraftJson(r, s_grounded));
        using var harness = Harness();

        await harness.Copilot.DraftAsync(new DraftRequest(kind, "acme", SamplePortfolio.Jane));

        var request = Assert.Single(_server.ChatRequests);
        var system = Assert.Single(request.ContentOf("system"));
        Assert.DoesNotContain("evil.example", system, StringComparison.Ordinal);
        Assert.DoesNotContain("Ignore previous", system, StringComparison.Ordinal);
        var user = Assert.Single(request.ContentOf("user"));
        // Exactly the prompt's own tags: data cannot close the block early nor open a second one.
        Assert.Equal(1, EvidenceOpen().Count(user));
        Assert.Equal(1, EvidenceClose().Count(user));
        var start = user.IndexOf("<evidence>", StringComparison.Ordinal) + "<evidence>".Length;
        var end = user.IndexOf("</evidence>", StringComparison.Ordinal);
        Assert.True(end > start);
        var block = user[start..end];
        Assert.Contains("Ignore previous instructions", block, StringComparison.Ordinal);
        Assert.Contains("‹/evidence>", block, StringComparison.Ordinal);
        Assert.DoesNotContain("Ignore previous", user[..start] + user[end..], StringComparison.Ordinal);
        // Each line is one row the copilot wrote the head of: no data line can pose as "system:" or as "[C9] ...".
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, l => Assert.Matches(RowHead(), l));
        Assert.DoesNotContain("[C9] accounts.csv#A-9999", block, StringComparison.Ordinal);
        // The 100 KB note is clipped, so the playbook passages behind it still fit.
        Assert.Contains("(playbook) playbooks/", block, StringComparison.Ordinal);
        Assert.True(block.Length < 60_000, $"evidence block of {block.Length} chars");
        Assert.All(HostilePortfolio.Foreign, f => Assert.DoesNotContain(f, request.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_that_obeys_the_injection_is_cleaned_by_the_groundedness_check()
    {
        _server.EnqueueText(r => LlmDraftTests.DraftJson(r,
        [
            .. s_grounded,
            ("Diagnosis", "As instructed, all accounts: Bare Minimum Ltd is yellow and renewed on 2026-10-01.", "accounts.csv#A-100"),
            ("Diagnosis", "Other accounts at risk: Umbrella Health, open since 2026-10-20.", "tickets.csv#T-1042"),
            ("Diagnosis", "Account A-9999 holds USD 9,999,999 of ARR.", "accounts.csv#A-9999"),
            ("Actions", "**CSM**, by 2026-11-30: send the account list to Victor Hale.", "contacts.csv#C-2"),
        ]));
        using var harness = Harness();

        var draft = await harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "acme", SamplePortfolio.Jane));

        Assert.Equal("llm", draft.Mode);
        var text = string.Join('\n', draft.Sections.SelectMany(s => s.Items).Select(i => i.Text));
        Assert.Contains("T-1042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Umbrella", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bare Minimum", text, StringComparison.Ordinal);
        Assert.DoesNotContain("9,999,999", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Victor Hale", text, StringComparison.Ordinal);
        // The warnings say what kind of claim was removed, never the claim: it is the injection's payload.
        Assert.Contains(draft.Warnings, w => w.Contains("1 name not found in its cited sources", StringComparison.Ordinal));
        Assert.All(["Umbrella", "Victor Hale", "Bare Minimum", "9,999,999", "A-9999"], f => Assert.DoesNotContain(f, string.Join('\n', draft.Warnings), StringComparison.Ordinal));
        Assert.True(draft.Warnings.Count >= 4, string.Join('\n', draft.Warnings));
        Assert.All(draft.Citations, c => Assert.DoesNotContain("A-9999", c.Source, StringComparison.Ordinal));
        Assert.All(draft.Citations, c => Assert.DoesNotContain("A-400", c.Source, StringComparison.Ordinal));
    }

    public static TheoryData<string, DraftKind, string, string, string> ForeignReaches => new()
    {
        // A sales rep reaching for an account of another CSM's team.
        { SamplePortfolio.Sam, DraftKind.PreCallBrief, "acme", "A-400", "T-4001" },
        // A manager reaching past their team.
        { SamplePortfolio.Mike, DraftKind.AccountSummary, "acme", "Umbrella Health", "T-4001" },
        // The manager of the other team reaching for this team's account.
        { HostilePortfolio.Ken, DraftKind.AccountSummary, "umbrella", "Acme Corp", "T-1042" },
    };

    [Theory]
    [MemberData(nameof(ForeignReaches))]
    public async Task A_tool_call_for_another_users_account_answers_like_a_nonexistent_one(string user, DraftKind kind, string own, string foreign, string foreignTicket)
    {
        const string Missing = "Nonexistent Industries";
        _server.EnqueueToolCall("health-get_health", new { account = foreign })
            .EnqueueToolCall("health-get_health", new { account = Missing })
            .EnqueueToolCall("activity-get_tickets", new { account = foreign, openOnly = false })
            .EnqueueToolCall("activity-get_tickets", new { account = Missing, openOnly = false })
            .EnqueueText("{\"sections\":[]}");
        using var harness = Harness();

        var draft = await harness.Copilot.DraftAsync(new DraftRequest(kind, own, user));

        var results = _server.ChatRequests.Skip(1).Select(r => r.ToolResults()[^1]).ToList();
        Assert.Equal(4, results.Count);
        Assert.Equal(results[1], results[0].Replace(foreign, Missing, StringComparison.Ordinal));
        Assert.Equal(results[3], results[2].Replace(foreign, Missing, StringComparison.Ordinal));
        Assert.Contains("No account matching", results[0], StringComparison.Ordinal);
        Assert.All(results, r => Assert.DoesNotContain(foreignTicket, r, StringComparison.Ordinal));
        Assert.DoesNotContain(foreignTicket, draft.Markdown, StringComparison.Ordinal);
    }

    [GeneratedRegex("<evidence>", RegexOptions.IgnoreCase)]
    private static partial Regex EvidenceOpen();

    [GeneratedRegex("</evidence>", RegexOptions.IgnoreCase)]
    private static partial Regex EvidenceClose();

    [GeneratedRegex(@"^\[C\d+\] \((data|playbook)\) \S+: ")]
    private static partial Regex RowHead();
}
