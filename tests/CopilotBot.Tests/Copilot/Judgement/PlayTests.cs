using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>
/// Accounts with no cause of trouble whose relationships differ: a renewal weeks away whose sponsor has been silent for
/// months and whose economic buyer nobody has met; the same renewal with everyone in touch; and a renewal months away
/// that hangs on the champion alone. Built from the scenario suite's competitor accounts without the competitor.
/// </summary>
public sealed class PlayWorld : IAsyncLifetime, IDisposable
{
    private RealLibraryIndex? _library;

    public static AccountData SilentSigners { get; } = Quiet(16, sponsorLastContact: -73, buyerLastContact: null, userLastContact: -8);

    public static AccountData EveryoneInTouch { get; } = Quiet(34, sponsorLastContact: -30, buyerLastContact: -50, userLastContact: -8);

    public static AccountData SingleThreaded { get; } = Quiet(25, sponsorLastContact: -100, buyerLastContact: null, userLastContact: -90);

    public CopilotHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _library = await RealLibraryIndex.BuildAsync();
        AccountData[] accounts = [SilentSigners, EveryoneInTouch, SingleThreaded];
        var portfolio = new PortfolioData(
            Scenarios.Portfolio.Users,
            [.. accounts.Select(a => a.Account)],
            [.. accounts.SelectMany(a => a.Contacts)],
            [.. accounts.SelectMany(a => a.Usage)],
            [.. accounts.SelectMany(a => a.Tickets)],
            [.. accounts.SelectMany(a => a.Surveys)],
            [.. accounts.SelectMany(a => a.Interactions)],
            [.. accounts.SelectMany(a => a.Outcomes)]);
        Harness = new CopilotHarness(portfolio, scorer: null, Scenarios.AsOf, search: _library.Index);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Harness.Dispose();
        _library?.Dispose();
    }

    /// <summary>A competitor scenario without its competitor note, its contacts last spoken to on the days given (null: never).</summary>
    private static AccountData Quiet(int scenario, int sponsorLastContact, int? buyerLastContact, int userLastContact)
    {
        var s = Scenarios.All[scenario];
        Assert.Equal(ScenarioCause.Competitor, s.Cause);
        var contacts = s.Data.Contacts.Select(c => c.Role switch
        {
            ContactRole.ExecutiveSponsor => c with { LastContactDate = Scenarios.AsOf.AddDays(sponsorLastContact) },
            ContactRole.EconomicBuyer => c with { LastContactDate = buyerLastContact is { } b ? Scenarios.AsOf.AddDays(b) : null },
            ContactRole.EndUser => c with { LastContactDate = Scenarios.AsOf.AddDays(userLastContact) },
            _ => c,
        }).ToList();
        return s.Data with { Contacts = contacts, Interactions = [.. s.Data.Interactions.Where(i => !i.Summary.Contains("competitor", StringComparison.Ordinal))] };
    }
}

/// <summary>
/// Steps that answer no cause: our executive named where a renewal's signers have gone quiet, the relationship widened
/// where it hangs on one person, and neither where everyone is in touch.
/// </summary>
public sealed class PlayTests(PlayWorld world) : IClassFixture<PlayWorld>
{
    private async Task<string> PlanAsync(AccountData data) =>
        ScenarioSuiteTests.Body(await world.Harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, data.Account.AccountId, Scenarios.Csm)));

    [Fact]
    public async Task A_renewal_weeks_away_whose_signers_have_gone_quiet_brings_in_our_executive_sponsor()
    {
        var sponsor = PlayWorld.SilentSigners.Contacts.Single(c => c.Role == ContactRole.ExecutiveSponsor);
        var plan = await PlanAsync(PlayWorld.SilentSigners);

        Assert.DoesNotContain("competitor", plan, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"bring Lee Grant in as our executive sponsor for a call with {sponsor.Name}, last spoken to on {Format.Date(sponsor.LastContactDate!.Value)}", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_renewal_with_everyone_in_touch_needs_no_executive_and_no_widening()
    {
        var plan = await PlanAsync(PlayWorld.EveryoneInTouch);

        Assert.Contains("order form", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("as our executive sponsor", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("widen the relationship", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relationship_that_hangs_on_the_champion_is_widened_to_the_economic_buyer_first()
    {
        var champion = PlayWorld.SingleThreaded.Contacts.Single(c => c.Role == ContactRole.Champion);
        var buyer = PlayWorld.SingleThreaded.Contacts.Single(c => c.Role == ContactRole.EconomicBuyer);
        var draft = await world.Harness.Copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, PlayWorld.SingleThreaded.Account.AccountId, Scenarios.Csm));
        var step = draft.Sections.SelectMany(s => s.Items).Single(i => i.Text.Contains("widen the relationship", StringComparison.Ordinal));

        Assert.Contains($"beyond {champion.Name}", step.Text, StringComparison.Ordinal);
        Assert.Contains($"introduce {buyer.Name} (CFO)", step.Text, StringComparison.Ordinal);
        Assert.Contains(draft.Citations, c => step.Citations.Contains(c.Id) && c.Source.Contains("multi-threading", StringComparison.Ordinal));
        // A renewal months away with nobody in trouble is no case for our executive.
        Assert.DoesNotContain("as our executive sponsor", ScenarioSuiteTests.Body(draft), StringComparison.Ordinal);
    }
}
