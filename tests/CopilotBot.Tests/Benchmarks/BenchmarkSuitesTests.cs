using CopilotBot.Benchmarks;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Tests.Benchmarks;

/// <summary>
/// Each benchmark of tests/CopilotBot.Benchmarks run once, in-process and on smaller inputs where the suite takes a
/// size, with its result checked: a suite that silently timed an empty loop or a refusal would measure nothing.
/// </summary>
public sealed class BenchmarkSuitesTests
{
    [Fact]
    public void Health_scoring_scores_every_account_of_the_generated_portfolio()
    {
        var suite = new HealthScoringBenchmarks { Accounts = 200, Weeks = 52 };
        suite.Setup();

        var portfolio = suite.ScorePortfolio();
        var slice = suite.ScoreAccount();

        Assert.Equal(200, portfolio.Select(r => r.AccountId).Distinct().Count());
        Assert.Equal(HealthScoringBenchmarks.SliceSize, slice.Length);
        Assert.Equal([HealthBand.Red, HealthBand.Yellow, HealthBand.Green], portfolio.Select(r => r.Band).Distinct().Order());
        Assert.All(portfolio, r => Assert.Equal(suite.AsOf, r.AsOf));
    }

    [Fact]
    public void Account_matching_finds_the_target_by_id_name_leading_word_and_typo()
    {
        var suite = new AccountMatcherBenchmarks { Accounts = 2_000 };
        suite.Setup();

        Assert.NotEqual(suite.Target.Name, suite.Typo);
        Assert.Same(suite.Target, suite.ById().Account);
        Assert.Same(suite.Target, suite.ExactName().Account);
        var leading = suite.LeadingWord();
        Assert.NotEqual(AccountMatchOutcome.NotFound, leading.Outcome);
        Assert.All(leading.Candidates, a => Assert.StartsWith(suite.Prefix, a.Name, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(suite.Target, suite.NameWithTypo().Candidates);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(600)]
    public async Task Playbook_search_returns_five_hits_per_query_in_every_mode(int chunks)
    {
        var suite = new PlaybookSearchBenchmarks { Chunks = chunks };
        await suite.SetupAsync();
        try
        {
            Assert.InRange(suite.IndexedChunks, Math.Max(chunks, 1), int.MaxValue);
            const int expected = PlaybookSearchBenchmarks.QueryCount * 5;
            Assert.Equal(expected, await suite.Hybrid());
            Assert.Equal(expected, await suite.Keyword());
            Assert.Equal(expected, await suite.Vector());
        }
        finally
        {
            suite.Cleanup();
        }
    }

    [Fact]
    public async Task Offline_drafts_of_a_red_and_a_green_account_are_fully_cited_and_draw_on_the_playbooks()
    {
        var suite = new OfflineDraftBenchmarks();
        await suite.SetupAsync();
        try
        {
            Assert.NotEqual(suite.Requests[HealthBand.Red].Account, suite.Requests[HealthBand.Green].Account);
            foreach (var band in new[] { HealthBand.Red, HealthBand.Green })
            {
                foreach (var kind in Enum.GetValues<DraftKind>())
                {
                    suite.Band = band;
                    suite.Kind = kind;

                    var draft = await suite.Draft();

                    Assert.False(draft.Refused, draft.Markdown);
                    Assert.Equal(DraftEngine.OfflineMode, draft.Mode);
                    Assert.Equal(suite.Requests[band].Account, draft.AccountId);
                    Assert.Empty(draft.Warnings);
                    Assert.All(draft.Sections.SelectMany(s => s.Items), i => Assert.NotEmpty(i.Citations));
                    // A manager's summary and an e-mail cite the account's rows only; every other kind draws on the playbooks.
                    Assert.True(kind is DraftKind.AccountSummary or DraftKind.Email || draft.Citations.Any(c => c.Type == CitationLedger.PlaybookType), $"{band} {kind}: {draft.Markdown}");
                }
            }
        }
        finally
        {
            suite.Cleanup();
        }
    }
}
