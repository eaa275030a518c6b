using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Knowledge;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot;

public sealed class OfflineDraftTests : IDisposable
{
    private readonly CopilotHarness _harness = new();

    public static TheoryData<DraftKind> Kinds => [.. Enum.GetValues<DraftKind>()];

    private static readonly HashSet<string> s_realSources =
    [
        .. SamplePortfolio.Data.Accounts.Select(a => $"accounts.csv#{a.AccountId}"),
        .. SamplePortfolio.Data.Contacts.Select(c => $"contacts.csv#{c.ContactId}"),
        .. SamplePortfolio.Data.Tickets.Select(t => $"tickets.csv#{t.TicketId}"),
        .. SamplePortfolio.Data.Surveys.Select(s => $"surveys.csv#{s.SurveyId}"),
        .. SamplePortfolio.Data.Interactions.Select(i => $"interactions.csv#{i.InteractionId}"),
        .. SamplePortfolio.Data.Outcomes.Select(o => $"outcomes.csv#{o.OutcomeId}"),
        .. SamplePortfolio.Data.Usage.Select(u => $"usage.csv#{u.AccountId}@{u.WeekStart:yyyy-MM-dd}"),
        .. SamplePortfolio.Playbooks.Select(p => p.Source),
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_fully_cited_and_grounded_offline(DraftKind kind)
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(kind, "acme", SamplePortfolio.Jane));

        Assert.False(draft.Refused);
        Assert.Equal("offline", draft.Mode);
        Assert.Equal("A-100", draft.AccountId);
        Assert.Empty(draft.Warnings);
        Assert.True(draft.Sections.Count >= 3, $"{kind} has only {draft.Sections.Count} sections");
        var items = draft.Sections.SelectMany(s => s.Items).ToList();
        Assert.All(items, i => Assert.NotEmpty(i.Citations));
        var ids = draft.Citations.Select(c => c.Id).ToHashSet();
        Assert.All(items.SelectMany(i => i.Citations), id => Assert.Contains(id, ids));
        Assert.All(draft.Citations, c => Assert.Contains(c.Source, s_realSources));
        Assert.All(draft.Citations, c => Assert.Equal(c.Source.StartsWith("playbooks/", StringComparison.Ordinal) ? "playbook" : "data", c.Type));
        Assert.Equal(Enumerable.Range(1, draft.Citations.Count).Select(n => $"C{n}"), draft.Citations.Select(c => c.Id));
        Assert.Contains("[C1]", draft.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("A-400", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_accounts_own_words_are_a_playbook_query_and_its_best_playbook_is_cited_second()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.DiscoveryQuestions, "acme", SamplePortfolio.Jane));

        // The unhappy customer's comment, the latest note, the open tickets and the outcome at risk, unfiltered by flags;
        // not the promoter's praise nor an older call.
        var situation = Assert.Single(_harness.Search.Requests, r => r.Query.Contains("Exports keep failing", StringComparison.Ordinal));
        Assert.Contains("Exports keep failing and nobody owns the rollout since Maria left.", situation.Query, StringComparison.Ordinal);
        Assert.Contains("Escalated T-1042 to engineering.", situation.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("Budget review is in January.", situation.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("Dashboards save my team hours.", situation.Query, StringComparison.Ordinal);
        Assert.Contains("How to schedule regional dashboards", situation.Query, StringComparison.Ordinal);
        Assert.Contains("Cut weekly report preparation time", situation.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("Chart legend overlaps", situation.Query, StringComparison.Ordinal); // closed months ago
        Assert.Equal(["csm"], situation.Filter!.Personas);
        Assert.False(draft.Refused);
    }

    [Fact]
    public void The_situations_best_new_playbook_comes_second()
    {
        static PlaybookHit Hit(string title, string anchor) =>
            new($"{title}#{anchor}", $"playbooks/{title}.md#{anchor}", title, [title], "text", 1, [], [], []);
        IReadOnlyList<PlaybookHit> kind = [Hit("a", "1"), Hit("b", "1"), Hit("b", "2")];

        var merged = DraftEngine.WithSituation(kind, [Hit("b", "3"), Hit("c", "1"), Hit("d", "1")]);
        var unchanged = DraftEngine.WithSituation(kind, [Hit("a", "2"), Hit("b", "3")]);

        Assert.Equal(["a#1", "c#1", "b#1", "b#2"], merged.Select(h => h.ChunkId));
        Assert.Equal(["a#1", "b#1", "b#2"], unchanged.Select(h => h.ChunkId));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_account_with_no_rows_and_a_past_renewal_still_drafts_cleanly(DraftKind kind)
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(kind, "Bare Minimum", SamplePortfolio.Ada));

        Assert.False(draft.Refused);
        Assert.Empty(draft.Warnings);
        Assert.NotEmpty(draft.Sections);
        Assert.All(draft.Sections.SelectMany(s => s.Items), i => Assert.NotEmpty(i.Citations));
        Assert.DoesNotContain("-52", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_shape_matches_the_cli_contract()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SamplePortfolio.Jane));
        var json = JsonSerializer.Serialize(draft, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("remediation-plan", root.GetProperty("kind").GetString());
        Assert.Equal("A-100", root.GetProperty("accountId").GetString());
        Assert.Equal("offline", root.GetProperty("mode").GetString());
        Assert.False(root.GetProperty("refused").GetBoolean());
        var item = root.GetProperty("sections")[0].GetProperty("items")[0];
        Assert.StartsWith("C", item.GetProperty("citations")[0].GetString(), StringComparison.Ordinal);
        var citation = root.GetProperty("citations")[0];
        Assert.True(citation.TryGetProperty("source", out _) && citation.TryGetProperty("excerpt", out _) && citation.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Remediation_plan_diagnoses_then_assigns_dated_owned_actions_backed_by_playbooks()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "Acme Corp", SamplePortfolio.Jane));

        Assert.Equal([DraftCatalogue.AtAGlance, "Diagnosis", "Actions", "Success measures", "Playbooks behind this plan"], draft.Sections.Select(s => s.Title));
        var glance = draft.Sections[0].Items.Select(i => i.Text).ToList();
        Assert.Equal(3, glance.Count);
        Assert.Contains("38/100", glance[0], StringComparison.Ordinal);
        Assert.Contains("champion left", glance[0], StringComparison.Ordinal);
        Assert.StartsWith("Next: ", glance[1], StringComparison.Ordinal);
        Assert.StartsWith("By 2026-", glance[2], StringComparison.Ordinal);

        var actions = draft.Sections.Single(s => s.Title == "Actions").Items;
        Assert.Contains(actions, a => a.Text.Contains("new champion to replace Maria Lopez", StringComparison.Ordinal));
        var owners = actions.Select(a => Regex.Match(a.Text, @"^\*\*(.+?)\*\*").Groups[1].Value).ToHashSet();
        Assert.Superset(new HashSet<string> { "CSM", "Support", "Sales" }, owners);
        foreach (var action in actions)
        {
            var due = DateOnly.Parse(Regex.Match(action.Text, @"by (\d{4}-\d{2}-\d{2})").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(due, SamplePortfolio.AsOf, new DateOnly(2026, 12, 20));
        }

        Assert.Contains(actions, a => a.Text.Contains("T-1042", StringComparison.Ordinal) && a.Text.StartsWith("**Support**", StringComparison.Ordinal));
        var playbookIds = draft.Citations.Where(c => c.Type == "playbook").Select(c => c.Id).ToHashSet();
        Assert.Contains(actions, a => a.Citations.Any(playbookIds.Contains));
        Assert.Contains(draft.Citations, c => c.Source == "playbooks/champion-loss.md#first-30-days");
    }

    [Fact]
    public async Task Discovery_questions_are_questions_tailored_to_stage_risks_and_people()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.DiscoveryQuestions, "acme", SamplePortfolio.Jane));
        var text = string.Join('\n', draft.Sections.SelectMany(s => s.Items).Select(i => i.Text));

        Assert.Contains("beyond the first group", text, StringComparison.Ordinal); // chasm stage
        Assert.Contains("T-1042", text, StringComparison.Ordinal);
        Assert.Contains("Since Maria Lopez left", text, StringComparison.Ordinal);
        Assert.Contains("Dan Wolfe", text, StringComparison.Ordinal);
        Assert.True(draft.Sections.Where(s => s.Title is "Open risks" or "Stakeholders").SelectMany(s => s.Items).All(i => i.Text.TrimEnd().EndsWith('?')));
    }

    [Fact]
    public async Task Renewal_talking_points_lead_with_value_against_baseline_and_target()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RenewalTalkingPoints, "acme", SamplePortfolio.Jane));
        Assert.Equal(DraftCatalogue.AtAGlance, draft.Sections[0].Title);
        var value = draft.Sections[1];

        Assert.Equal("Value realized", value.Title);
        // A goal at risk is not value realized: it is raised among the risks, with a recovery milestone.
        Assert.DoesNotContain(value.Items, i => i.Text.Contains("40 hours/week", StringComparison.Ordinal));
        Assert.Contains(draft.Sections.Single(s => s.Title == "Risks to address before they are raised").Items, i => i.Text.Contains("is at risk: acknowledge it", StringComparison.Ordinal));
        Assert.Contains(draft.Sections, s => s.Title == "Risks to address before they are raised" && s.Items.Any(i => i.Text.Contains("T-1042", StringComparison.Ordinal)));
        // 28 days out with most seats idle: the ask is the scope they will use, not the full contract again.
        Assert.Contains(draft.Sections.Single(s => s.Title == "Asks").Items, i => i.Text.Contains("USD 240,000", StringComparison.Ordinal) && i.Text.Contains("right-size", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pre_call_brief_covers_people_and_what_happened_since_the_reps_last_touch()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.PreCallBrief, "acme", SamplePortfolio.Sam));
        var since = draft.Sections.Single(s => s.Title == "Since the last touch").Items.Select(i => i.Text).ToList();
        var people = string.Join('\n', draft.Sections.Single(s => s.Title == "Stakeholders").Items.Select(i => i.Text));

        Assert.StartsWith("Sam Patel's last touch was on 2026-10-01", since[0], StringComparison.Ordinal);
        Assert.Contains(since, s => s.Contains("2026-11-10", StringComparison.Ordinal));
        Assert.Contains("Sponsor: Tom Becker", people, StringComparison.Ordinal);
        Assert.Contains("Detractor: Dan Wolfe", people, StringComparison.Ordinal);
        Assert.Contains(draft.Sections, s => s.Title == "Suggested agenda");
    }

    [Fact]
    public async Task Account_summary_of_a_team_counts_bands_arr_at_risk_and_renewals_within_the_managers_reach()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.AccountSummary, "my team", SamplePortfolio.Mike));

        Assert.Null(draft.AccountId);
        Assert.Equal(["A-100", "A-300", "A-200"], draft.PortfolioRows!.Select(r => r.Account.AccountId));
        var glance = string.Join('\n', draft.Sections[0].Items.Select(i => i.Text));
        Assert.Contains("3 accounts, USD 366,000 ARR; 1 red, 1 yellow, 1 green", glance, StringComparison.Ordinal);
        Assert.Contains("ARR at risk (red accounts): USD 240,000", glance, StringComparison.Ordinal);
        Assert.Contains(draft.Sections.Single(s => s.Title == "Renewals in the next 90 days").Items, i => i.Text.StartsWith("Acme Corp: 2026-12-20", StringComparison.Ordinal));
        Assert.DoesNotContain("Umbrella", draft.Markdown, StringComparison.Ordinal);
        Assert.Empty(draft.Warnings);
    }

    [Fact]
    public async Task Account_summary_of_one_csm_for_their_manager()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.AccountSummary, SamplePortfolio.Omar, SamplePortfolio.Mike));

        Assert.Equal(["A-300"], draft.PortfolioRows!.Select(r => r.Account.AccountId));
        Assert.Contains("Portfolio of Omar Reyes", draft.Markdown, StringComparison.Ordinal);
        Assert.Empty(draft.Warnings);
    }

    [Fact]
    public async Task A_forbidden_account_is_answered_exactly_like_a_missing_one()
    {
        var forbidden = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-400", SamplePortfolio.Jane));
        var missing = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-999", SamplePortfolio.Jane));

        Assert.True(forbidden.Refused);
        Assert.Equal(missing.Markdown.Replace("A-999", "A-400", StringComparison.Ordinal), forbidden.Markdown);
        Assert.Equal(missing with { Markdown = forbidden.Markdown, Sections = forbidden.Sections, Citations = forbidden.Citations, Warnings = forbidden.Warnings }, forbidden);
        Assert.Empty(forbidden.Sections);
        Assert.DoesNotContain("Umbrella", forbidden.Markdown, StringComparison.Ordinal);

        var admin = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-400", SamplePortfolio.Ada));
        Assert.False(admin.Refused);
    }

    [Fact]
    public async Task A_near_miss_suggests_only_the_users_own_accounts()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "Globe Express", SamplePortfolio.Jane));
        var forbidden = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "Umbrela Health", SamplePortfolio.Jane));

        Assert.True(draft.Refused);
        Assert.Contains("Did you mean Globex (A-200)?", draft.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Umbrella", forbidden.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playbooks_are_searched_for_the_accounts_risks_and_the_drafts_audience()
    {
        await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "acme", SamplePortfolio.Jane));
        await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.DiscoveryQuestions, "acme", SamplePortfolio.Jane));
        await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.PreCallBrief, "acme", SamplePortfolio.Sam));
        var requests = _harness.Search.Requests;
        var plan = requests[0];
        var discovery = requests.First(r => r.Query.Contains("discovery", StringComparison.Ordinal));
        var brief = requests.First(r => r.Filter?.Personas?.Contains("sales") == true);
        Assert.Equal([["champion_left"], ["stale_p1"], ["usage_drop"]], requests.Skip(1).Take(3).Select(r => r.Filter!.Risks!.ToArray()));

        Assert.Superset(new HashSet<string> { "champion_left", "stale_p1", "usage_drop", "adoption" }, plan.Filter!.Risks!.ToHashSet());
        Assert.Null(plan.Filter.Stages);
        Assert.Equal(["chasm"], discovery.Filter!.Stages);
        Assert.Contains("discovery", discovery.Query, StringComparison.Ordinal);
        Assert.Equal(["sales"], brief.Filter!.Personas);
    }

    [Fact]
    public async Task Without_a_playbook_index_drafts_cite_data_only_and_say_so()
    {
        using var harness = new CopilotHarness(SamplePortfolio.Data, new FakeHealthScorer(SamplePortfolio.Health), SamplePortfolio.AsOf, withPlaybooks: false);

        var draft = await harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "acme", SamplePortfolio.Jane));

        Assert.Contains("No playbook index is configured; this draft cites account data only.", draft.Warnings);
        Assert.All(draft.Citations, c => Assert.Equal("data", c.Type));
        Assert.Contains(draft.Sections, s => s.Title == "Actions");
    }

    [Fact]
    public async Task Sales_rep_sees_only_accounts_they_sell()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.PreCallBrief, "Globex", SamplePortfolio.Sam));

        Assert.True(draft.Refused);
    }

    [Fact]
    public async Task Unknown_user_is_refused()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.PreCallBrief, "Acme", "stranger@example.com"));

        Assert.True(draft.Refused);
        Assert.Empty(draft.Citations);
    }

    public void Dispose() => _harness.Dispose();
}
