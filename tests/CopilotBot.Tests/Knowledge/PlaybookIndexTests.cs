using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.AI;

namespace CopilotBot.Tests.Knowledge;

public sealed class PlaybookIndexTests : IDisposable
{
    private readonly PlaybookFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public async Task Indexing_twice_changes_nothing_the_second_time()
    {
        var (index, indexer) = _fixtures.Open();
        var progress = new List<IndexProgress>();

        var first = await indexer.IndexAsync(_fixtures.Playbooks, progress: new SynchronousProgress(progress));
        var fileBytes = await File.ReadAllBytesAsync(IndexFile);
        var second = await indexer.IndexAsync(_fixtures.Playbooks);

        Assert.Equal((3, 0, 0, 0, 6, 6), (first.Added, first.Updated, first.Removed, first.Unchanged, first.ChunksWritten, first.Chunks));
        Assert.Empty(first.Errors);
        Assert.Equal((0, 0, 0, 3, 0, 6), (second.Added, second.Updated, second.Removed, second.Unchanged, second.ChunksWritten, second.Chunks));
        Assert.Equal(fileBytes, await File.ReadAllBytesAsync(IndexFile));
        Assert.Equal([0, 1, 2, 3], progress.Select(p => p.Completed));
        Assert.All(progress, p => Assert.Equal(3, p.Total));
        Assert.Equal("playbooks/renewal-pricing.md", progress[^1].CurrentFile);
        Assert.Equal(6, (await index.GetRecordsAsync()).Count);
    }

    [Fact]
    public async Task A_changed_file_is_reindexed_and_a_deleted_one_removed()
    {
        var (index, indexer) = await IndexedAsync();

        _fixtures.Write("low-adoption.md", PlaybookFixtures.LowAdoption.Replace("## Re-launch plan", "## Relaunch in thirty days", StringComparison.Ordinal));
        _fixtures.Delete("renewal-pricing.md");
        var result = await indexer.IndexAsync(_fixtures.Playbooks);

        Assert.Equal((0, 1, 1, 1), (result.Added, result.Updated, result.Removed, result.Unchanged));
        var sources = (await index.GetRecordsAsync()).Select(r => r.Source).ToHashSet();
        Assert.Contains("playbooks/low-adoption.md#relaunch-in-thirty-days", sources);
        Assert.DoesNotContain("playbooks/low-adoption.md#re-launch-plan", sources);
        Assert.DoesNotContain(sources, s => s.StartsWith("playbooks/renewal-pricing.md", StringComparison.Ordinal));
        Assert.Equal(4, result.Chunks);
    }

    [Fact]
    public async Task A_rebuild_reembeds_everything_and_writes_only_what_came_out_different()
    {
        var (_, indexer) = _fixtures.Open();
        await indexer.IndexAsync(_fixtures.Playbooks);
        var file = Directory.GetFiles(_fixtures.IndexDirectory, "*.idx").Single();
        var written = File.GetLastWriteTimeUtc(file);
        File.SetLastWriteTimeUtc(file, written.AddMinutes(-5));

        var rebuilt = await indexer.IndexAsync(_fixtures.Playbooks, rebuild: true);

        Assert.Equal((0, 0, 3, 0, 6), (rebuilt.Added, rebuilt.Updated, rebuilt.Unchanged, rebuilt.ChunksWritten, rebuilt.Chunks));
        Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task A_broken_playbook_is_reported_and_keeps_its_previous_passages_while_the_rest_is_indexed()
    {
        var (index, indexer) = await IndexedAsync();

        _fixtures.Write("champion-loss.md", "---\ntitle: Champion loss\nrisks: [champion_left\n---\n# Champion loss\n## New section\ntext\n");
        _fixtures.Write("new-one.md", "---\ntitle: New one\n---\n# New one\n## Only section\nSomething new.\n");
        _fixtures.Write("never-good.md", "---\ntitle: Never good\n");
        var result = await indexer.IndexAsync(_fixtures.Playbooks);

        Assert.Equal(
            ["playbooks/champion-loss.md:3: the list for 'risks' is not closed with ']'", "playbooks/never-good.md:1: front matter opened with '---' is never closed"],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal((1, 0, 0, 2), (result.Added, result.Updated, result.Removed, result.Unchanged));
        var sources = (await index.GetRecordsAsync()).Select(r => r.Source).ToHashSet();
        Assert.Contains("playbooks/champion-loss.md#first-30-days", sources);
        Assert.Contains("playbooks/new-one.md#only-section", sources);
        Assert.DoesNotContain(sources, s => s.Contains("never-good", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_index_persists_and_a_new_instance_answers_the_same()
    {
        var (index, _) = await IndexedAsync();
        var before = await index.SearchAsync(new SearchRequest("champion left the company", 3));

        var (reopened, _) = _fixtures.Open();
        var after = await reopened.SearchAsync(new SearchRequest("champion left the company", 3));

        Assert.Equal(before.Select(h => (h.ChunkId, h.Score, h.Text)), after.Select(h => (h.ChunkId, h.Score, h.Text)));
        Assert.Equal(before[0].HeadingPath, after[0].HeadingPath);
        Assert.Empty(Directory.EnumerateFiles(_fixtures.IndexDirectory, "*.tmp"));
    }

    [Fact]
    public async Task A_write_that_died_before_the_swap_leaves_the_previous_index()
    {
        var (_, indexer) = _fixtures.Open();
        await indexer.IndexAsync(_fixtures.Playbooks);
        // What a rebuild killed mid-write leaves behind: a partial temporary file next to the index.
        await File.WriteAllBytesAsync(IndexFile + ".4242.dead.tmp", [1, 2, 3]);

        var (reopened, _) = _fixtures.Open();

        Assert.Equal(6, (await reopened.GetRecordsAsync()).Count);
        Assert.NotEmpty(await reopened.SearchAsync(new SearchRequest("renewal discount")));
    }

    [Fact]
    public async Task Another_process_writing_the_index_is_picked_up()
    {
        var (reader, _) = _fixtures.Open();
        Assert.Empty(await reader.SearchAsync(new SearchRequest("champion")));

        var (_, writer) = _fixtures.Open();
        await writer.IndexAsync(_fixtures.Playbooks);

        Assert.NotEmpty(await reader.SearchAsync(new SearchRequest("champion")));
    }

    [Theory]
    [InlineData(SearchMode.Keyword)]
    [InlineData(SearchMode.Vector)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Every_mode_finds_the_obvious_passage(SearchMode mode)
    {
        var (index, _) = await IndexedAsync();

        var hits = await index.SearchAsync(new SearchRequest("weekly active users versus licensed seats", 3, Mode: mode));

        Assert.Equal("playbooks/low-adoption.md#diagnose-the-drop", hits[0].Source);
        Assert.Equal("Low adoption recovery", hits[0].Title);
        Assert.Equal(["adoption", "usage_drop"], hits[0].Risks);
        Assert.True(hits.Count <= 3);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "hits come best first");
    }

    [Fact]
    public async Task Synonyms_bridge_words_the_playbook_does_not_use()
    {
        var (index, _) = await IndexedAsync();

        // Neither "advocate" nor "quit" occurs in any fixture playbook.
        foreach (var mode in new[] { SearchMode.Vector, SearchMode.Hybrid, SearchMode.Keyword })
        {
            var hits = await index.SearchAsync(new SearchRequest("our advocate quit", 3, Mode: mode));
            Assert.StartsWith("playbooks/champion-loss.md", hits[0].Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Vector_search_discounts_what_every_passage_shares()
    {
        // Every passage leans on the first dimension (the library's common ground). The query leans on it even
        // more, so raw cosine prefers the passage that is nothing but common ground; with the library's mean
        // partly taken off the query, the passage that shares the query's distinctive direction comes first.
        using var folder = new TempDirectory();
        using var index = new PlaybookIndex(new EmbeddedVectorStore(folder.Path).GetCollection<string, PlaybookRecord>("playbooks"), new FixedEmbedder([0.9f, 0.436f, 0f]));
        await index.WriteAsync(
        [
            RankingTests.Record("generic", "common ground") with { Vector = new float[] { 1f, 0f, 0f } },
            RankingTests.Record("alpha", "alpha") with { Vector = new float[] { 0.6f, 0.8f, 0f } },
            RankingTests.Record("beta", "beta") with { Vector = new float[] { 0.6f, 0f, 0.8f } },
        ], []);

        var hits = await index.SearchAsync(new SearchRequest("anything", 3, Mode: SearchMode.Vector));

        Assert.Equal(["playbooks/t.md#alpha", "playbooks/t.md#generic", "playbooks/t.md#beta"], hits.Select(h => h.Source));
    }

    [Fact]
    public async Task A_query_vector_given_with_the_request_is_searched_instead_of_the_query_embedded_unless_its_size_differs()
    {
        using var folder = new TempDirectory();
        // The embedder would find "alpha"; the caller's vector points at "beta".
        using var index = new PlaybookIndex(new EmbeddedVectorStore(folder.Path).GetCollection<string, PlaybookRecord>("playbooks"), new FixedEmbedder([0f, 1f, 0f]));
        await index.WriteAsync(
        [
            RankingTests.Record("alpha", "alpha") with { Vector = new float[] { 0f, 1f, 0f } },
            RankingTests.Record("beta", "beta") with { Vector = new float[] { 0f, 0f, 1f } },
        ], []);

        var given = await index.SearchAsync(new SearchRequest("anything", 1, Mode: SearchMode.Vector) { QueryVector = new float[] { 0f, 0f, 1f } });
        var wrongSize = await index.SearchAsync(new SearchRequest("anything", 1, Mode: SearchMode.Vector) { QueryVector = new float[] { 0f, 1f } });

        Assert.Equal("playbooks/t.md#beta", Assert.Single(given).Source);
        Assert.Equal("playbooks/t.md#alpha", Assert.Single(wrongSize).Source);
    }

    [Fact]
    public async Task Hybrid_search_lifts_passages_of_the_playbook_that_matches_as_a_whole()
    {
        var (index, _) = await IndexedAsync();

        // "Warning signs" matches the words "sponsor" and "meeting" itself; its playbook is about sponsors too,
        // so its other section should follow before anything from the other playbooks. (No wording cue here: "email"
        // would ask for a talk track, and a talk track may rightly come second.)
        var hits = await index.SearchAsync(new SearchRequest("sponsor delegates every meeting", 2));

        Assert.Equal(["playbooks/champion-loss.md#warning-signs", "playbooks/champion-loss.md#first-30-days"], hits.Select(h => h.Source));
    }

    [Theory]
    [InlineData(SearchMode.Keyword)]
    [InlineData(SearchMode.Vector)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Filters_keep_only_playbooks_sharing_a_value_with_each_list(SearchMode mode)
    {
        var (index, _) = await IndexedAsync();
        const string query = "customer renewal champion adoption meeting";

        var managers = await index.SearchAsync(new SearchRequest(query, 20, new PlaybookFilter(Personas: ["Manager"]), mode));
        var mainStreetCsm = await index.SearchAsync(new SearchRequest(query, 20, new PlaybookFilter(Stages: ["main_street"], Personas: ["csm"]), mode));
        var eitherRisk = await index.SearchAsync(new SearchRequest(query, 20, new PlaybookFilter(Risks: ["price", "usage_drop"]), mode));
        var none = await index.SearchAsync(new SearchRequest(query, 20, new PlaybookFilter(Stages: ["early_market"]), mode));

        Assert.Equal(["Champion loss", "Renewal pricing objections"], managers.Select(h => h.Title).Distinct().Order());
        Assert.Equal(["Champion loss"], mainStreetCsm.Select(h => h.Title).Distinct());
        Assert.Equal(["Low adoption recovery", "Renewal pricing objections"], eitherRisk.Select(h => h.Title).Distinct().Order());
        Assert.Empty(none);
    }

    [Fact]
    public async Task Empty_queries_and_an_empty_index_give_no_hits()
    {
        var (index, _) = _fixtures.Open();

        Assert.Empty(await index.SearchAsync(new SearchRequest("   ")));
        Assert.Empty(await index.SearchAsync(new SearchRequest("champion", Mode: SearchMode.Vector)));
    }

    [Fact]
    public async Task A_missing_folder_is_an_error()
    {
        var (_, indexer) = _fixtures.Open();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => indexer.IndexAsync(Path.Combine(_fixtures.Root, "nope")));
    }

    private async Task<(PlaybookIndex Index, CopilotBot.Knowledge.Ingestion.PlaybookIndexer Indexer)> IndexedAsync()
    {
        var opened = _fixtures.Open();
        await opened.Indexer.IndexAsync(_fixtures.Playbooks);
        return opened;
    }

    private string IndexFile => Path.Combine(_fixtures.IndexDirectory, "playbooks" + EmbeddedVectorStore.FileExtension);

    private sealed class SynchronousProgress(List<IndexProgress> seen) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => seen.Add(value);
    }

    /// <summary>Embeds every text as the same vector: the query direction under test.</summary>
    private sealed class FixedEmbedder(float[] vector) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(vector))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
