using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Sample;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using CopilotBot.Tests.Copilot.Fakes;
using CopilotBot.Tests.Knowledge;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>The generated sample portfolio drafted over the real playbook library (hashing index), every account and kind.</summary>
public sealed class SampleLibraryWorld : IAsyncLifetime, IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "copilotbot-sample-library-" + Guid.NewGuid().ToString("N"));
    private PlaybookIndex? _index;

    public PortfolioData Portfolio { get; } = SamplePortfolioGenerator.Generate(new SampleOptions());

    public CopilotHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = PlaybookFixtures.Options();
        var embedder = new OfflineEmbeddingGenerator();
        _index = new PlaybookIndex(new EmbeddedVectorStore(_data), embedder, options);
        await new PlaybookIndexer(_index, embedder, options).IndexAsync(Path.Combine(PlaybookLibraryRetrievalTests.RepositoryRoot(), "knowledge", "playbooks"));
        Harness = new CopilotHarness(Portfolio, scorer: null, SampleOptions.DefaultAsOf, search: _index);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Harness.Dispose();
        _index?.Dispose();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
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
}
