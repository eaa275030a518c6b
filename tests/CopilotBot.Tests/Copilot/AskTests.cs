using CopilotBot.Copilot.Handlers;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Sample;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot;

public sealed class AskTests : IDisposable
{
    private readonly CopilotHarness _harness = new();

    private Task<Draft> AskAsync(string question, string user = SamplePortfolio.Jane, string? context = null) =>
        _harness.Copilot.AskAsync(new AskRequest(question, user, context is null ? null : new ConversationState { AccountId = context }));

    [Fact]
    public async Task Which_of_my_accounts_renew_this_quarter_and_are_red()
    {
        var answer = await AskAsync("Which of my accounts renew this quarter and are red?", SamplePortfolio.Mike);

        Assert.Equal("portfolio", answer.Kind);
        Assert.Equal(["A-100"], answer.PortfolioRows!.Select(r => r.Account.AccountId));
        Assert.Contains("renewing this quarter (by 2026-12-31) and in red", answer.Markdown, StringComparison.Ordinal);
        Assert.Single(answer.Sections[0].Items);
        Assert.Empty(answer.Warnings);
    }

    [Fact]
    public async Task A_large_portfolio_names_the_worst_accounts_and_counts_the_rest_by_band()
    {
        var portfolio = SamplePortfolioGenerator.Generate(new SampleOptions { Accounts = 120, Weeks = 20 });
        using var harness = new CopilotHarness(portfolio, scorer: null, SampleOptions.DefaultAsOf);

        var answer = await harness.Copilot.AskAsync(new AskRequest("list all accounts", "pattif@example.com"));

        Assert.Equal(120, answer.PortfolioRows!.Count);
        var items = answer.Sections[0].Items;
        Assert.Equal(OfflineAnswers.MaxListedAccounts, items.Count);
        Assert.All(items, (item, i) => Assert.StartsWith($"**{answer.PortfolioRows[i].Account.Name}**", item.Text, StringComparison.Ordinal));
        var rest = answer.PortfolioRows.Skip(OfflineAnswers.MaxListedAccounts).GroupBy(r => r.Health.Band).OrderBy(g => g.Key);
        Assert.Contains($"the other {120 - OfflineAnswers.MaxListedAccounts}: {string.Join(", ", rest.Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))}.",
            answer.Markdown, StringComparison.Ordinal);
        Assert.Empty(answer.Warnings);
    }

    [Fact]
    public async Task My_accounts_lists_the_visible_portfolio_worst_first()
    {
        var answer = await AskAsync("show my accounts");

        Assert.Equal(["A-100", "A-200"], answer.PortfolioRows!.Select(r => r.Account.AccountId));
    }

    [Fact]
    public async Task Health_of_an_account_sets_the_health_report_for_the_card()
    {
        var answer = await AskAsync("health of Acme");

        Assert.Equal("health", answer.Kind);
        Assert.Equal(38, answer.Health!.Score);
        Assert.Contains(answer.Sections, s => s.Title == "Components");
        Assert.All(answer.Sections.SelectMany(s => s.Items), i => Assert.NotEmpty(i.Citations));
        Assert.Empty(answer.Warnings);
    }

    [Fact]
    public async Task Why_did_the_score_drop_explains_trend_drag_and_flags()
    {
        var answer = await AskAsync("why did Acme's score drop?");
        var text = string.Join('\n', answer.Sections.SelectMany(s => s.Items).Select(i => i.Text));

        Assert.Equal("Why the score moved", answer.Sections[0].Title);
        Assert.Contains("down 18 points over 4 weeks (from 56)", text, StringComparison.Ordinal);
        Assert.Contains("The biggest drag is adoption", text, StringComparison.Ordinal);
        Assert.Contains("T-1042", text, StringComparison.Ordinal);
        Assert.NotNull(answer.Health);
    }

    [Fact]
    public async Task Follow_up_uses_the_account_in_context()
    {
        var answer = await AskAsync("and its renewal?", context: "A-100");

        Assert.Equal("A-100", answer.AccountId);
        Assert.Contains("renews on 2026-12-20 (in 28 days as of 2026-11-22)", answer.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_account_the_user_cannot_see_is_not_used()
    {
        var answer = await AskAsync("and its renewal?", context: "A-400");

        Assert.Null(answer.AccountId);
        Assert.DoesNotContain("Umbrella", answer.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("remediation plan for Acme", "remediation-plan")]
    [InlineData("what questions should I ask Acme?", "discovery-questions")]
    [InlineData("renewal talking points for Acme", "renewal-talking-points")]
    [InlineData("prep me for my call with Acme", "pre-call-brief")]
    [InlineData("summarize Acme", "account-summary")]
    public async Task Routes_draft_requests_to_the_draft(string question, string kind)
    {
        var answer = await AskAsync(question);

        Assert.Equal(kind, answer.Kind);
        Assert.Equal("A-100", answer.AccountId);
    }

    [Fact]
    public async Task Forbidden_and_unknown_accounts_get_the_same_answer()
    {
        var forbidden = await AskAsync("health of Umbrella Health");
        var unknown = await AskAsync("health of Wayne Health");

        Assert.True(forbidden.Refused);
        Assert.True(unknown.Refused);
        Assert.Equal(unknown.Markdown.Replace("Wayne", "Umbrella", StringComparison.Ordinal), forbidden.Markdown);
        Assert.Null(forbidden.Health);
    }

    [Fact]
    public async Task Help_lists_what_the_copilot_can_do()
    {
        var answer = await AskAsync("help");

        Assert.Equal("help", answer.Kind);
        Assert.Contains("remediation plan", answer.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stakeholders_and_tickets_are_answered_directly()
    {
        var people = await AskAsync("who are the stakeholders at Acme?");
        var tickets = await AskAsync("open tickets for Acme");

        Assert.Contains("Tom Becker", people.Markdown, StringComparison.Ordinal);
        Assert.Contains("T-1042", tickets.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("T-0990", tickets.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how is omar doing?")]
    [InlineData("summary of Omar Reyes's accounts")]
    [InlineData("summarize omar's portfolio")]
    public async Task A_manager_asking_about_a_csm_gets_that_csms_portfolio(string question)
    {
        var answer = await AskAsync(question, SamplePortfolio.Mike);

        Assert.Contains("Portfolio of Omar Reyes", answer.Markdown, StringComparison.Ordinal);
        Assert.Equal(["A-300"], answer.PortfolioRows!.Select(r => r.Account.AccountId));
        Assert.Empty(answer.Warnings); // nothing removed by the groundedness check
        Assert.Contains(answer.Sections[0].Items, i => i.Text.StartsWith("1 account, USD 36,000 ARR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admins_own_portfolio_is_every_account()
    {
        var answer = await AskAsync("how much ARR is at risk?", SamplePortfolio.Ada);

        Assert.Equal(["A-100", "A-200", "A-300", "A-400", "A-500"], answer.PortfolioRows!.Select(r => r.Account.AccountId).Order());
        Assert.Empty(answer.Warnings);
    }

    [Fact]
    public async Task A_managers_portfolio_question_naming_a_csm_lists_that_csms_accounts()
    {
        var answer = await AskAsync("which of Omar's accounts renew in the next 90 days?", SamplePortfolio.Mike);

        Assert.Equal(["A-300"], answer.PortfolioRows!.Select(r => r.Account.AccountId));
        Assert.Contains("of Omar Reyes's accounts renewing in the next 90 days", answer.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_asking_about_a_csm_outside_the_team_is_told_it_is_not_theirs_to_see()
    {
        var answer = await AskAsync("how is zoe doing?", SamplePortfolio.Mike);

        Assert.True(answer.Refused);
        Assert.Contains("Zoe Park's is not among them", answer.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Umbrella", answer.Markdown, StringComparison.Ordinal);
    }

    [Fact(Skip = "A colleague named in a 'how is … going' question reads as the team intent since the fourth blind writer's utterances joined the learned half (2026-12-07), and again since names stopped being taught as words; issue #14 closing note")]
    public async Task A_csm_naming_a_colleague_stays_on_the_account_in_the_conversation()
    {
        var answer = await AskAsync("how is the renewal going since Omar called them?", SamplePortfolio.Jane, context: "A-100");

        Assert.Equal("A-100", answer.AccountId);
        Assert.DoesNotContain("Initech", answer.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how much ARR is at risk?")]
    [InlineData("where should I step in this week?")]
    public async Task A_question_about_the_whole_book_gets_the_portfolio_summary(string question)
    {
        var answer = await AskAsync(question, SamplePortfolio.Mike);

        Assert.Contains("Your portfolio", answer.Markdown, StringComparison.Ordinal);
        Assert.Contains("ARR at risk", answer.Markdown, StringComparison.Ordinal);
        Assert.Equal(3, answer.PortfolioRows!.Count);
    }

    [Fact]
    public async Task An_account_question_still_wins_over_a_portfolio_word()
    {
        var answer = await AskAsync("is Acme at risk?");

        Assert.Equal("A-100", answer.AccountId);
    }

    public void Dispose() => _harness.Dispose();
}
