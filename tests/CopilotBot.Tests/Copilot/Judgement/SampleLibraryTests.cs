using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Sample;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>The generated sample portfolio drafted over the real playbook library (hashing index), every account and kind.</summary>
public sealed class SampleLibraryWorld : IAsyncLifetime, IDisposable
{
    private RealLibraryIndex? _library;

    public PortfolioData Portfolio { get; } = SamplePortfolioGenerator.Generate(new SampleOptions());

    public CopilotHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _library = await RealLibraryIndex.BuildAsync();
        Harness = new CopilotHarness(Portfolio, scorer: null, SampleOptions.DefaultAsOf, search: _library.Index);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Harness.Dispose();
        _library?.Dispose();
    }
}

/// <summary>
/// The playbooks' examples and talk tracks ("You gave us a 4. What would have made it an 8?", "4,000 users by the end of
/// Q3") never reach a draft as the account's facts, and a CSM's plan holds no manager's step, on any sample account.
/// </summary>
public sealed class SampleLibraryTests(SampleLibraryWorld world) : IClassFixture<SampleLibraryWorld>
{
    [Fact]
    public async Task No_draft_states_a_playbook_example_and_no_csm_plan_holds_a_manager_step()
    {
        foreach (var account in world.Portfolio.Accounts)
        {
            foreach (var info in DraftCatalogue.All)
            {
                var draft = await world.Harness.Copilot.DraftAsync(new DraftRequest(info.Kind, account.AccountId, account.CsmEmail));
                var body = ScenarioSuiteTests.Body(draft);

                Assert.DoesNotContain("gave us a 4", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("4,000 users", body, StringComparison.Ordinal);
                Assert.DoesNotContain("**Manager**", body, StringComparison.Ordinal);
                Assert.DoesNotContain("(manager", body, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>
    /// Each step that answers no cause stands on its own playbook: a right-size offer on the downsell playbook, a widened
    /// relationship on multi-threading, a red account's next step on the first-response playbook, and a manager's
    /// steps on an account on their list on the triage playbook, which no CSM's draft cites. Across the sample, at least
    /// 28 of the 33 playbooks are cited.
    /// </summary>
    [Fact]
    public async Task Steps_that_answer_no_cause_cite_their_own_playbook_and_most_of_the_library_is_cited()
    {
        var cited = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in world.Portfolio.Accounts)
        {
            foreach (var info in DraftCatalogue.All)
            {
                var draft = await world.Harness.Copilot.DraftAsync(new DraftRequest(info.Kind, account.AccountId, account.CsmEmail));
                var sources = draft.Citations.ToDictionary(c => c.Id, c => c.Source, StringComparer.Ordinal);
                bool Cites(DraftItem item, string playbook) => item.Citations.Any(id => sources.GetValueOrDefault(id, "").Contains(playbook, StringComparison.Ordinal));
                cited.UnionWith(sources.Values.Where(v => v.StartsWith("playbooks/", StringComparison.Ordinal)).Select(v => v.Split('#')[0]));
                var items = draft.Sections.SelectMany(s => s.Items).ToList();
                foreach (var item in items)
                {
                    if (item.Text.Contains("offer a right-size renewal", StringComparison.Ordinal) && Cites(item, "budget-cuts-downsell"))
                    {
                        seen.Add("right-size");
                    }
                    else
                    {
                        Assert.False(item.Text.Contains("offer a right-size renewal", StringComparison.Ordinal), $"{account.AccountId} {info.Name}: {item.Text}");
                    }

                    if (item.Text.Contains("widen the relationship", StringComparison.Ordinal))
                    {
                        Assert.True(Cites(item, "multi-threading-stakeholders"), $"{account.AccountId} {info.Name}: {item.Text}");
                        seen.Add("multi-thread");
                    }
                }

                if (info.Kind == DraftKind.RemediationPlan && items[0].Text.Contains(" is red at ", StringComparison.Ordinal))
                {
                    // The first response is the one thing to do next, the glance's second line (the actions below go by date).
                    Assert.StartsWith("Next: ", items[1].Text, StringComparison.Ordinal);
                    Assert.True(Cites(items[1], "red-account-first-response"), account.AccountId);
                    seen.Add("first response");
                }

                if (info.Kind == DraftKind.AccountSummary && draft.Sections.SingleOrDefault(s => s.Title == "Where to step in") is { Items.Count: > 0 } steps && Cites(steps.Items[0], "manager-health-triage"))
                {
                    seen.Add("triage");
                }
                else
                {
                    Assert.DoesNotContain(draft.Citations, c => c.Source.Contains("manager-health-triage", StringComparison.Ordinal));
                }
            }
        }

        Assert.Equal(["first response", "multi-thread", "right-size", "triage"], seen.Order(StringComparer.Ordinal));
        Assert.True(cited.Count >= 28, $"{cited.Count} playbooks cited: {string.Join(", ", cited.Order(StringComparer.Ordinal))}");
    }
}
