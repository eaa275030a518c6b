using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Tests.Fakes;
using static CopilotBot.Tests.Fakes.TinyPortfolio;

namespace CopilotBot.Tests.Portfolio;

public sealed class AccountMatcherTests
{
    private static readonly IReadOnlyList<Account> s_accounts = Data.Accounts;

    [Theory]
    [InlineData("A-100", "A-100")]
    [InlineData("a-101", "A-101")]
    [InlineData("Acme Robotics Inc.", "A-100")]
    [InlineData("acme robotics", "A-100")]
    [InlineData("ACME", "A-100")]
    [InlineData("acme rob", "A-100")]
    [InlineData("Umbrella H", "A-200")]
    [InlineData("Acme Robtics", "A-100")]
    [InlineData("Globx", "A-101")]
    [InlineData("initech inc", "A-102")]
    [InlineData("Umbrela Health", "A-200")]
    public void Finds_by_id_or_tolerant_name(string query, string expectedId)
    {
        var match = AccountMatcher.Match(query, s_accounts);
        Assert.Equal(AccountMatchOutcome.Found, match.Outcome);
        Assert.Equal(expectedId, match.Account!.AccountId);
    }

    [Fact]
    public void Same_name_twice_is_ambiguous_and_lists_both()
    {
        var twin = NewAccount("A-300", "Acme Robotics", Alex.Email, null, new DateOnly(2027, 1, 1));
        var match = AccountMatcher.Match("acme robotics", [.. s_accounts, twin]);
        Assert.Equal(AccountMatchOutcome.Ambiguous, match.Outcome);
        Assert.Equal(["A-100", "A-300"], match.Candidates.Select(a => a.AccountId).Order().ToArray());
    }

    [Fact]
    public void Unknown_name_is_not_found_with_close_suggestions_only()
    {
        var match = AccountMatcher.Match("Acmee Labz", s_accounts);
        Assert.Equal(AccountMatchOutcome.NotFound, match.Outcome);
        Assert.Null(match.Account);
        Assert.Contains(match.Candidates, a => a.AccountId == "A-201");
        Assert.DoesNotContain(match.Candidates, a => a.AccountId == "A-102");
    }

    [Fact]
    public void Nothing_matches_an_empty_or_punctuation_query()
    {
        Assert.Equal(AccountMatchOutcome.NotFound, AccountMatcher.Match("  ?! ", s_accounts).Outcome);
    }

    [Theory]
    [InlineData("Acme Robotics, Inc.", "acme robotics")]
    [InlineData("Zürich Versicherung AG", "zurich versicherung")]
    [InlineData("O'Reilly Media", "oreilly media")]
    public void Normalizes_names(string name, string expected) => Assert.Equal(expected, AccountMatcher.Normalize(name));

    [Theory]
    [InlineData("acme", "amce", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_edits_and_transpositions(string a, string b, int expected) =>
        Assert.Equal(expected, AccountMatcher.Distance(a, b));
}
