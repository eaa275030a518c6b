using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

namespace CopilotBot.IntegrationTests.Knowledge;

/// <summary>Runs only against a real Qdrant: set QDRANT_URL (its gRPC port, e.g. http://127.0.0.1:6334).</summary>
public sealed class QdrantFactAttribute : FactAttribute
{
    public QdrantFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("QDRANT_URL")))
        {
            Skip = "QDRANT_URL is not set: no Qdrant server to test against (none can be installed here).";
        }
    }
}

public sealed class QdrantTests : IAsyncLifetime
{
    private readonly string _collection = "copilotbot_test_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "copilotbot-qdrant-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _provider;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.GetRequiredService<VectorStore>().EnsureCollectionDeletedAsync(_collection);
            await _provider.DisposeAsync();
        }

        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [QdrantFact]
    public async Task Index_search_filter_and_remove_against_a_real_qdrant()
    {
        var playbooks = await KnowledgeTestHost.WritePlaybooksAsync(_root);
        _provider = KnowledgeTestHost.Build(_root, new()
        {
            ["Provider"] = "qdrant",
            ["QdrantUrl"] = Environment.GetEnvironmentVariable("QDRANT_URL"),
            ["QdrantApiKey"] = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            ["Collection"] = _collection,
        });
        var indexer = _provider.GetRequiredService<PlaybookIndexer>();
        var search = _provider.GetRequiredService<IPlaybookSearch>();

        var first = await indexer.IndexAsync(playbooks);
        var second = await indexer.IndexAsync(playbooks);
        var hybrid = await search.SearchAsync(new SearchRequest("our sponsor quit", 2));
        var filtered = await search.SearchAsync(new SearchRequest("our sponsor quit", 5, new PlaybookFilter(Personas: ["sales"]), SearchMode.Vector));
        File.Delete(Path.Combine(playbooks, "pricing.md"));
        var third = await indexer.IndexAsync(playbooks);

        Assert.Equal((2, 2), (first.Added, first.Chunks));
        Assert.Equal((2, 0), (second.Unchanged, second.ChunksWritten));
        Assert.Equal("playbooks/champion-loss.md#first-30-days", hybrid[0].Source);
        Assert.Equal(["playbooks/pricing.md#talking-points"], filtered.Select(h => h.Source));
        Assert.Equal((1, 1), (third.Removed, third.Chunks));
    }
}
