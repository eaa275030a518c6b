using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Evaluation;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot;

public sealed class DraftEvaluatorTests
{
    [Fact]
    public async Task Offline_drafts_of_every_account_and_kind_are_fully_cited_and_grounded()
    {
        using var harness = new CopilotHarness();

        var figures = await harness.Get<DraftEvaluator>().EvaluateAsync();

        Assert.Equal(5, figures.Accounts);
        Assert.Equal(5 * DraftCatalogue.All.Count, figures.Drafts);
        Assert.Equal(1.0, figures.CitedItemShare);
        Assert.True(figures.Ungrounded.Count == 0, string.Join('\n', figures.Ungrounded));
        Assert.Equal(1.0, figures.GroundedClaimShare);
        Assert.True(figures.Claims > 100, $"only {figures.Claims} claims checked");
        Assert.True(figures.DraftsPerSecond > 0);
        Assert.InRange(figures.P50Milliseconds, 0, figures.P95Milliseconds);
    }
}
