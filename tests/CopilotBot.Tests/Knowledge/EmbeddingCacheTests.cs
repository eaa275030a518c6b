using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.AI;

namespace CopilotBot.Tests.Knowledge;

public sealed class EmbeddingCacheTests : IDisposable
{
    private readonly PlaybookFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void Vectors_are_kept_per_model_and_text_and_read_back_by_a_new_cache()
    {
        var folder = Path.Combine(_fixtures.Root, "cache");
        var cache = new EmbeddingCache(folder);

        cache.Add("model-a", "hello", [1f, 2f, 3f]);
        cache.Add("model-b", "hello", [4f, 5f, 6f]);
        var reopened = new EmbeddingCache(folder);

        Assert.Equal([1f, 2f, 3f], reopened.Find("model-a", "hello")!);
        Assert.Equal([4f, 5f, 6f], reopened.Find("model-b", "hello")!);
        Assert.Null(reopened.Find("model-a", "hello!"));
        Assert.Null(reopened.Find("model-c", "hello"));
    }

    [Fact]
    public void A_torn_last_record_is_ignored_and_the_rest_still_read()
    {
        var folder = Path.Combine(_fixtures.Root, "cache");
        new EmbeddingCache(folder).Add("m", "one", [1f, 1f]);
        new EmbeddingCache(folder).Add("m", "two", [2f, 2f]);
        var file = Directory.GetFiles(folder).Single();
        using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(stream.Length - 3);

        var reopened = new EmbeddingCache(folder);

        Assert.Equal([1f, 1f], reopened.Find("m", "one")!);
        Assert.Null(reopened.Find("m", "two"));
    }

    [Fact]
    public void A_record_appended_after_a_torn_one_is_read_back()
    {
        var folder = Path.Combine(_fixtures.Root, "cache");
        new EmbeddingCache(folder).Add("m", "one", [1f, 1f]);
        new EmbeddingCache(folder).Add("m", "two", [2f, 2f]);
        var file = Directory.GetFiles(folder).Single();
        using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(stream.Length - 3);

        new EmbeddingCache(folder).Add("m", "three", [3f, 3f]);
        var reopened = new EmbeddingCache(folder);

        Assert.Equal([1f, 1f], reopened.Find("m", "one")!);
        Assert.Null(reopened.Find("m", "two"));
        Assert.Equal([3f, 3f], reopened.Find("m", "three")!);
    }

    [Fact]
    public void A_cache_file_killed_before_its_header_was_whole_is_started_again()
    {
        var folder = Path.Combine(_fixtures.Root, "cache");
        new EmbeddingCache(folder).Add("m", "one", [1f, 1f]);
        var file = Directory.GetFiles(folder).Single();
        using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(2);

        new EmbeddingCache(folder).Add("m", "two", [2f, 2f]);
        var reopened = new EmbeddingCache(folder);

        Assert.Null(reopened.Find("m", "one"));
        Assert.Equal([2f, 2f], reopened.Find("m", "two")!);
    }

    [Fact]
    public void A_cache_file_another_process_is_writing_does_not_fail_the_caller()
    {
        var folder = Path.Combine(_fixtures.Root, "cache");
        var cache = new EmbeddingCache(folder);
        cache.Add("m", "one", [1f, 1f]);
        var file = Directory.GetFiles(folder).Single();
        using var writer = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);

        cache.Add("m", "two", [2f, 2f]);

        Assert.Equal([2f, 2f], cache.Find("m", "two")!);
    }

    [Fact]
    public async Task A_rebuild_and_a_second_index_from_the_same_cache_embed_nothing_again()
    {
        var embedder = new CountingEmbedder();
        var cache = new EmbeddingCache(Path.Combine(_fixtures.Root, "cache"));
        var options = PlaybookFixtures.Options();
        var index = new PlaybookIndex(new EmbeddedVectorStore(_fixtures.IndexDirectory), embedder, options);
        var indexer = new PlaybookIndexer(index, embedder, options, cache);
        var seen = new List<IndexProgress>();

        var first = await indexer.IndexAsync(_fixtures.Playbooks);
        var embeddedFirst = embedder.Texts;
        var rebuilt = await indexer.IndexAsync(_fixtures.Playbooks, rebuild: true, progress: new Recorder(seen));
        var elsewhere = new PlaybookIndex(new EmbeddedVectorStore(Path.Combine(_fixtures.Root, "other")), embedder, options);
        await new PlaybookIndexer(elsewhere, embedder, options, cache).IndexAsync(_fixtures.Playbooks);

        Assert.Equal(6, first.ChunksWritten);
        Assert.True(embeddedFirst >= 6, $"{embeddedFirst} texts embedded");
        Assert.Equal(0, rebuilt.ChunksWritten);
        Assert.Equal(embeddedFirst, embedder.Texts);
        Assert.Equal((0, embeddedFirst), (seen[^1].PassagesEmbedded, seen[^1].PassagesCached));
        Assert.Equal(
            (await index.GetRecordsAsync()).Select(r => (r.Id, r.Vector.ToArray().Sum())),
            (await elsewhere.GetRecordsAsync()).Select(r => (r.Id, r.Vector.ToArray().Sum())));
    }

    /// <summary>Embeds a text as its length and first letter, and counts the texts it was asked to embed.</summary>
    private sealed class CountingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public int Texts { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var embeddings = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var value in values)
            {
                Texts++;
                embeddings.Add(new Embedding<float>(new float[] { value.Length, value[0], 1f }));
            }

            return Task.FromResult(embeddings);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("counting", defaultModelId: "length", defaultModelDimensions: 3) : null;

        public void Dispose()
        {
        }
    }

    private sealed class Recorder(List<IndexProgress> seen) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => seen.Add(value);
    }
}
