using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>The real playbook library, indexed once for the suite, and the copilot over the scenario portfolio.</summary>
public sealed class ScenarioWorld : IAsyncLifetime, IDisposable
{
    private RealLibraryIndex? _library;

    public CopilotHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _library = await RealLibraryIndex.BuildAsync();
        Harness = new CopilotHarness(Scenarios.Portfolio, scorer: null, Scenarios.AsOf, search: _library.Index);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Harness.Dispose();
        _library?.Dispose();
    }
}

/// <summary>
/// Every scenario of <see cref="Scenarios"/> drafted offline in every kind, held to the judgement written down for it:
/// the cause named, the action that must appear and the one that must not, the money, the stage's play, renewal
/// mechanics when the renewal is weeks away, three lines first, and an e-mail to the right person.
/// </summary>
public sealed class ScenarioSuiteTests(ScenarioWorld world) : IClassFixture<ScenarioWorld>
{
    public static TheoryData<string> Names => [.. Scenarios.All.Select(s => s.Name)];

    private static Scenario Get(string name) => Scenarios.All.Single(s => s.Name == name);

    private Task<Draft> DraftAsync(DraftKind kind, Scenario s, string? to = null, string? about = null) =>
        world.Harness.Copilot.DraftAsync(new DraftRequest(kind, s.Data.Account.AccountId, Scenarios.Csm) { Recipient = to, Purpose = about });

    /// <summary>The draft's text without its sources, the way its reader reads it.</summary>
    internal static string Body(Draft d) => string.Join('\n', d.Sections.SelectMany(s => s.Items.Select(i => i.Text).Prepend(s.Title)));

    [Fact]
    public void The_suite_has_at_least_thirty_accounts_covering_every_cause_and_stage()
    {
        Assert.True(Scenarios.All.Count >= 30);
        Assert.Equal(Enum.GetValues<ScenarioCause>().Length, Scenarios.All.Select(s => s.Cause).Distinct().Count());
        Assert.Equal(4, Scenarios.All.Select(s => s.Stage).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_kind_opens_with_three_lines_names_the_cause_and_cites_everything(string name)
    {
        var s = Get(name);
        foreach (var info in DraftCatalogue.All)
        {
            var draft = await DraftAsync(info.Kind, s);
            Assert.False(draft.Refused, $"{info.Name}: {draft.Markdown}");
            Assert.True(draft.Warnings.Count == 0, $"{info.Name}: {string.Join('\n', draft.Warnings)}");
            Assert.Equal(DraftCatalogue.AtAGlance, draft.Sections[0].Title);
            Assert.Equal(3, draft.Sections[0].Items.Count);
            Assert.All(draft.Sections.SelectMany(x => x.Items), item => Assert.NotEmpty(item.Citations));
            Assert.All(draft.Sections, x => Assert.Contains(x.Title, info.Sections));
            var body = Body(draft);
            Assert.DoesNotContain("(s)", body, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\b1 (points|responses|days|weeks|seats|tickets)\b", body);
            Assert.DoesNotContain("blended", body, StringComparison.OrdinalIgnoreCase);
            if (info.Kind != DraftKind.Email)
            {
                Assert.Contains(s.Expected.Cause, draft.Sections[0].Items[0].Text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_plan_acts_on_the_cause_and_the_stage_and_fits_the_time_left(string name)
    {
        var s = Get(name);
        var plan = Body(await DraftAsync(DraftKind.RemediationPlan, s));

        Assert.Contains(s.Expected.MustAppear, plan, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(s.Expected.MustNotAppear, plan, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(s.Expected.StagePlay, plan, StringComparison.OrdinalIgnoreCase);
        if (s.Expected.StageMustNot is { } notForStage)
        {
            Assert.DoesNotContain(notForStage, plan, StringComparison.Ordinal);
        }

        Assert.Contains(s.Expected.OpenRequest, plan, StringComparison.Ordinal);
        if (s.Expected.ShortRenewal)
        {
            Assert.Contains("order form", plan, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("back to green", plan, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("consecutive weeks", plan, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.DoesNotContain("order form", plan, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Talking_points_and_the_summary_put_money_on_the_table(string name)
    {
        var s = Get(name);
        var points = Body(await DraftAsync(DraftKind.RenewalTalkingPoints, s));
        var summary = Body(await DraftAsync(DraftKind.AccountSummary, s));

        Assert.Contains(s.Expected.UnusedSeatsValue, points, StringComparison.Ordinal);
        Assert.Contains(s.Expected.RoiMultiple, points, StringComparison.Ordinal);
        Assert.Contains(s.Expected.UnusedSeatsValue, summary, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Expected.MustNotAppear, points, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_brief_and_the_questions_carry_the_customers_own_request_and_who_is_who(string name)
    {
        var s = Get(name);
        var brief = Body(await DraftAsync(DraftKind.PreCallBrief, s));
        var questions = Body(await DraftAsync(DraftKind.DiscoveryQuestions, s));

        Assert.Contains(s.Expected.OpenRequest, brief, StringComparison.Ordinal);
        Assert.Contains(s.Expected.Cause, questions, StringComparison.OrdinalIgnoreCase);
        var sponsor = s.Data.Contacts.Single(c => c.Role == ContactRole.ExecutiveSponsor);
        if (sponsor.Status == ContactStatus.Left)
        {
            Assert.DoesNotContain($"Sponsor: {sponsor.Name}", brief, StringComparison.Ordinal);
            Assert.Contains($"{sponsor.Name}", brief, StringComparison.Ordinal);
            Assert.DoesNotMatch($"[Cc]hampion[^.]*{sponsor.Name}", brief);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task An_email_goes_to_the_person_named_about_what_was_asked_and_keeps_internal_scores_out(string name)
    {
        var s = Get(name);
        var email = await DraftAsync(DraftKind.Email, s, to: s.Expected.EmailRecipientFirstName, about: "asking for a call next week");
        var to = email.Sections.Single(x => x.Title == "To").Items.Single().Text;
        var subject = email.Sections.Single(x => x.Title == "Subject").Items.Single().Text;
        var message = string.Join('\n', email.Sections.Single(x => x.Title == "Message").Items.Select(i => i.Text));

        Assert.Equal("email", email.Kind);
        Assert.Contains(s.Expected.EmailRecipient, to, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(subject));
        Assert.Contains("call next week", message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith($"Hi {s.Expected.EmailRecipientFirstName},", message, StringComparison.Ordinal);
        Assert.Contains("Casey", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/100", message, StringComparison.Ordinal);
        Assert.DoesNotContain("health", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("detractor", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" red", message, StringComparison.OrdinalIgnoreCase);
        Assert.All(email.Sections.SelectMany(x => x.Items), item => Assert.NotEmpty(item.Citations));
    }

    [Fact]
    public async Task An_email_to_a_colleague_resolves_them_from_our_users_and_may_speak_plainly()
    {
        var s = Scenarios.All[0];
        var email = await DraftAsync(DraftKind.Email, s, to: "Isabel", about: "asking for her recovery plan by Friday");
        var to = email.Sections.Single(x => x.Title == "To").Items.Single().Text;

        Assert.Contains("Isabel Cruz", to, StringComparison.Ordinal);
        Assert.Contains("isabel@vendor.example", to, StringComparison.Ordinal);
        Assert.Contains("recovery plan by Friday", Body(email), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_to_nobody_known_says_so_instead_of_guessing()
    {
        var email = await DraftAsync(DraftKind.Email, Scenarios.All[0], to: "Zebedee", about: "a call");

        Assert.Contains("Zebedee", email.Markdown, StringComparison.Ordinal);
        Assert.Contains("not", email.Markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email.Sections, x => x.Title == "Message");
    }

    [Fact]
    public async Task Median_remediation_plan_stays_under_250_words_before_its_sources()
    {
        var words = new List<int>();
        foreach (var s in Scenarios.All)
        {
            var plan = await DraftAsync(DraftKind.RemediationPlan, s);
            words.Add(Body(plan).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length);
        }

        words.Sort();
        Assert.True(words[words.Count / 2] < 250, $"median {words[words.Count / 2]} words");
    }
}
