using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;

namespace CopilotBot.Tests.Copilot;

public sealed class GroundednessCheckerTests
{
    private static readonly string[] s_people = ["Maria Lopez", "Tom Becker"];

    private static (CitationLedger Ledger, string Ticket, string Account) Ledger()
    {
        var ledger = new CitationLedger();
        var ticket = ledger.CiteData("tickets.csv#T-1042", "T-1042 P1 outage opened 2026-10-20, open, 33 days open as of 2026-11-22: Export fails");
        var account = ledger.CiteData("accounts.csv#A-100", "Acme Corp (A-100): ARR USD 240,000; renewal 2026-12-20, 28 days after 2026-11-22; CSM Jane Doe; champion Maria Lopez");
        ledger.AddDerived("Acme Corp health score 38 of 100, band Red.");
        return (ledger, ticket, account);
    }

    private static GroundingResult Check(CitationLedger ledger, params DraftItem[] items) =>
        GroundednessChecker.Check([new DraftSection("S", items)], ledger, s_people);

    [Fact]
    public void Keeps_figures_dates_amounts_and_names_found_in_the_cited_sources_or_derived()
    {
        var (ledger, ticket, account) = Ledger();
        var result = Check(ledger,
            new DraftItem("T-1042 has been open 33 days, since 2026-10-20.", [ticket]),
            new DraftItem("Acme renews on 2026-12-20 for $240k (28 days), score 38; Maria Lopez was the champion.", [account]),
            new DraftItem("Renewal on December 20, 2026.", [account]));

        Assert.Empty(result.Warnings);
        Assert.Equal(3, result.Sections[0].Items.Count);
        Assert.Equal(result.Claims, result.GroundedClaims);
        Assert.Equal(8, result.Claims);
    }

    [Theory]
    [InlineData("Acme's ARR of USD 2.4M is at stake.", "2.4M")]
    [InlineData("Adoption fell 37% this quarter.", "37%")]
    [InlineData("Renewal on 2026-12-21.", "2026-12-21")]
    [InlineData("Acme renews for $250,000.", "$250,000")]
    [InlineData("Call John Smith, the new VP, before the renewal.", "John Smith")]
    [InlineData("Tom Becker asked for a discount.", "Tom Becker")]
    public void Removes_an_item_with_a_claim_its_sources_do_not_support(string text, string culprit)
    {
        var (ledger, _, account) = Ledger();
        var result = Check(ledger, new DraftItem(text, [account]), new DraftItem("Acme renews on 2026-12-20.", [account]));

        Assert.Single(result.Sections[0].Items);
        Assert.Equal("Acme renews on 2026-12-20.", result.Sections[0].Items[0].Text);
        // The warning says what kind of claim failed, never the claim itself (issue 20, item 3: it may be the invention).
        var warning = Assert.Single(result.Warnings);
        Assert.DoesNotContain(culprit, warning, StringComparison.Ordinal);
        Assert.Matches(@"^Removed a statement from ""S"": 1 (figure|date|name) not found in its cited sources\.$", warning);
        Assert.True(result.GroundedClaims < result.Claims);
    }

    [Fact]
    public void A_figure_must_be_in_the_items_own_sources_not_just_anywhere()
    {
        var (ledger, ticket, _) = Ledger();
        var result = Check(ledger, new DraftItem("T-1042 puts USD 240,000 at risk.", [ticket]));

        Assert.Empty(result.Sections);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void Removes_uncited_items_and_unknown_citation_ids()
    {
        var (ledger, _, _) = Ledger();
        var result = Check(ledger, new DraftItem("Nothing to see.", []), new DraftItem("Fine.", ["C99"]));

        Assert.Empty(result.Sections);
        Assert.Equal(2, result.Warnings.Count);
    }

    [Fact]
    public void Citations_may_be_given_by_source_and_are_resolved_to_ids()
    {
        var (ledger, ticket, _) = Ledger();
        var result = Check(ledger, new DraftItem("T-1042 opened 2026-10-20 [C1].", ["tickets.csv#T-1042"]));

        Assert.Equal([ticket], result.Sections[0].Items[0].Citations);
        Assert.Equal("T-1042 opened 2026-10-20 .", result.Sections[0].Items[0].Text);
    }

    [Fact]
    public void Dates_inside_the_plan_window_count_as_derived_due_dates()
    {
        var (ledger, _, account) = Ledger();
        ledger.PlanWindow = (new DateOnly(2026, 11, 22), new DateOnly(2026, 12, 20));
        var result = Check(ledger, new DraftItem("**CSM**, by 2026-11-29: book the call.", [account]), new DraftItem("**CSM**, by 2027-02-01: book the call.", [account]));

        Assert.Single(result.Sections[0].Items);
        Assert.Contains("1 date not found", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiers_are_not_figures()
    {
        var claims = GroundednessChecker.ExtractClaims("T-1042 is a P1 on A-100, see usage.csv#A-100@2026-11-16.", [], "");

        Assert.DoesNotContain(claims, c => c.Kind == ClaimKind.Number);
    }
}
