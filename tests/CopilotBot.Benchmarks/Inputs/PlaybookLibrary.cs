using CopilotBot.Core;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Evaluation;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Benchmarks.Inputs;

/// <summary>
/// The shipped playbook library (knowledge/playbooks), or that library expanded to a number of passages by
/// <see cref="SyntheticPlaybookLibrary"/>, indexed by the real indexer with the offline embedder into a throwaway
/// data folder, and loaded (first search) so that benchmarks time warm searches only.
/// </summary>
public sealed class PlaybookLibrary : IDisposable
{
    private readonly string _data;

    private PlaybookLibrary(string data, PlaybookIndex index, int chunks)
    {
        _data = data;
        Index = index;
        Chunks = chunks;
    }

    public PlaybookIndex Index { get; }

    /// <summary>Passages in the index.</summary>
    public int Chunks { get; }

    /// <summary>The knowledge folder copied beside the binaries (the project is a <c>CopilotBotHost</c>).</summary>
    public static string KnowledgePath
    {
        get
        {
            var path = new CopilotOptions().KnowledgePath;
            return Directory.Exists(Path.Combine(path, "playbooks"))
                ? path
                : throw new DirectoryNotFoundException($"No playbooks under {path}: build the benchmarks project, which copies knowledge/ beside its binaries.");
        }
    }

    /// <param name="chunks">0 for the shipped library as it is, else the passages wanted (the real ones included).</param>
    public static async Task<PlaybookLibrary> IndexAsync(int chunks = 0, CancellationToken cancellationToken = default)
    {
        var data = Path.Combine(Path.GetTempPath(), "copilotbot-bench-" + Guid.NewGuid().ToString("N"));
        var options = Options.Create(new KnowledgeOptions());
        var embedder = new OfflineEmbeddingGenerator();
        var index = new PlaybookIndex(new EmbeddedVectorStore(Path.Combine(data, "index")), embedder, options);
        try
        {
            var playbooks = Path.Combine(KnowledgePath, "playbooks");
            if (chunks > 0)
            {
                var expanded = Path.Combine(data, "playbooks");
                await SyntheticPlaybookLibrary.WriteAsync(playbooks, expanded, chunks, cancellationToken: cancellationToken).ConfigureAwait(false);
                playbooks = expanded;
            }

            var result = await new PlaybookIndexer(index, embedder, options)
                .IndexAsync(playbooks, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Errors.Count > 0 || result.Chunks == 0)
            {
                throw new InvalidOperationException($"The library did not index cleanly: {result.Chunks} chunks, errors: {string.Join("; ", result.Errors)}");
            }

            // Loads the records and builds BM25 now rather than inside the first measured search.
            await index.SearchAsync(new SearchRequest("warm up"), cancellationToken).ConfigureAwait(false);
            return new PlaybookLibrary(data, index, result.Chunks);
        }
        catch
        {
            index.Dispose();
            Delete(data);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="count"/> labelled queries (knowledge/eval/retrieval-queries.jsonl) spread evenly over the set,
    /// so that every topic and persona of it is represented.
    /// </summary>
    public static async Task<IReadOnlyList<LabelledQuery>> LabelledQueriesAsync(int count, CancellationToken cancellationToken = default)
    {
        var all = await RetrievalEvaluator.ReadLabelledSetAsync(Path.Combine(KnowledgePath, "eval", "retrieval-queries.jsonl"), cancellationToken).ConfigureAwait(false);
        return [.. Enumerable.Range(0, count).Select(i => all[i * all.Count / count])];
    }

    public void Dispose()
    {
        Index.Dispose();
        Delete(_data);
    }

    private static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
