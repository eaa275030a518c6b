using CopilotBot.Copilot;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>
/// An account signed last month with two contacts and nothing else: too little data for a health score. What a CS
/// leader expects, written before the code: no draft calls it 0 or red; each says it is unscored and what to collect;
/// the plan's step is to collect the data; a portfolio list shows it after the scored accounts, as unscored.
/// </summary>
public sealed class UnscoredDraftTests : IDisposable
{
    private const string NewId = "A-3001";
    private readonly CopilotHarness _harness;

    public UnscoredDraftTests()
    {
        var scored = Scenarios.All[1].Data;
        var account = new Account(NewId, "Brand New Logistics", "Logistics", Segment.MidMarket, AdoptionStage.Chasm, Scenarios.Csm, null,
            60_000m, "USD", Scenarios.AsOf.AddDays(-30), Scenarios.AsOf.AddDays(335), 100, ["Service Desk"]);
        List<Contact> contacts =
        [
            new("C-N-1", NewId, "Dana Whitfield", "VP Operations", null, ContactRole.ExecutiveSponsor, Sentiment.Positive, null, ContactStatus.Active, null),
            new("C-N-2", NewId, "Eli Brandt", "Ops Manager", null, ContactRole.Champion, Sentiment.Positive, null, ContactStatus.Active, null),
        ];
        var portfolio = new PortfolioData(Scenarios.Portfolio.Users, [scored.Account, account], [.. scored.Contacts, .. contacts], scored.Usage,
            scored.Tickets, scored.Surveys, scored.Interactions, scored.Outcomes);
        _harness = new CopilotHarness(portfolio, scorer: null, Scenarios.AsOf);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Every_kind_says_unscored_and_what_to_collect_and_never_0_or_red()
    {
        foreach (var info in DraftCatalogue.All)
        {
            var draft = await _harness.Copilot.DraftAsync(new DraftRequest(info.Kind, NewId, Scenarios.Csm) { Recipient = "Eli", Purpose = "asking for a call next week" });
            var body = ScenarioSuiteTests.Body(draft);

            Assert.False(draft.Refused, $"{info.Name}: {draft.Markdown}");
            if (info.Kind != DraftKind.Email)
            {
                // An e-mail's first lines are about its recipient; the customer never reads our score.
                Assert.Contains("unscored: not enough data to score", draft.Sections[0].Items[0].Text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("0/100", body, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\bred\b", body);
            Assert.All(draft.Sections.SelectMany(x => x.Items), item => Assert.NotEmpty(item.Citations));
        }

        var plan = ScenarioSuiteTests.Body(await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, NewId, Scenarios.Csm)));
        Assert.Contains("collect what the health score needs: weekly usage", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("back to green", plan, StringComparison.Ordinal);
        Assert.Contains("Enough data for a health score", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_portfolio_list_shows_it_after_the_scored_accounts_as_unscored()
    {
        var answer = await _harness.Copilot.AskAsync(new AskRequest("list all accounts", Scenarios.Manager));

        Assert.Equal(NewId, answer.PortfolioRows![^1].Account.AccountId);
        Assert.False(answer.PortfolioRows[^1].Health.Scored);
        Assert.Contains(answer.Sections.SelectMany(s => s.Items), i => i.Text.Contains("Brand New Logistics", StringComparison.Ordinal)
            && i.Text.Contains("unscored (too little data)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Asked_about_its_health_it_says_what_to_collect()
    {
        var answer = await _harness.Copilot.AskAsync(new AskRequest("how healthy is Brand New Logistics?", Scenarios.Csm));
        var text = ScenarioSuiteTests.Body(answer);

        Assert.Contains("unscored", text, StringComparison.Ordinal);
        Assert.Contains("weekly usage", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0/100", text, StringComparison.Ordinal);
    }
}
