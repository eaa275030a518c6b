using BenchmarkDotNet.Attributes;
using CopilotBot.Benchmarks.Inputs;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Retrieval;

namespace CopilotBot.Benchmarks;

/// <summary>
/// Warm playbook searches (top 5, no filter) in each mode over the real library, as shipped and expanded to 5,000
/// passages (the scale), indexed by the real indexer with the offline embedder, for a fixed set of the
/// labelled queries; figures are per query.
/// </summary>
[MemoryDiagnoser]
public class PlaybookSearchBenchmarks
{
    public const int QueryCount = 12;

    private PlaybookLibrary? _library;
    private SearchRequest[] _hybrid = [];
    private SearchRequest[] _keyword = [];
    private SearchRequest[] _vector = [];

    /// <summary>Passages in the index; 0 is the shipped library as it is.</summary>
    [Params(0, 5_000)]
    public int Chunks { get; set; }

    /// <summary>Passages actually indexed (the shipped library's count when <see cref="Chunks"/> is 0).</summary>
    public int IndexedChunks => _library?.Chunks ?? 0;

    public PlaybookIndex Index => _library?.Index ?? throw new InvalidOperationException("Setup has not run.");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _library = await PlaybookLibrary.IndexAsync(Chunks);
        var queries = await PlaybookLibrary.LabelledQueriesAsync(QueryCount);
        _hybrid = [.. queries.Select(q => new SearchRequest(q.Query, 5, null, SearchMode.Hybrid))];
        _keyword = [.. _hybrid.Select(r => r with { Mode = SearchMode.Keyword })];
        _vector = [.. _hybrid.Select(r => r with { Mode = SearchMode.Vector })];
    }

    [GlobalCleanup]
    public void Cleanup() => _library?.Dispose();

    [Benchmark(OperationsPerInvoke = QueryCount)]
    public Task<int> Hybrid() => SearchAllAsync(_hybrid);

    [Benchmark(OperationsPerInvoke = QueryCount)]
    public Task<int> Keyword() => SearchAllAsync(_keyword);

    [Benchmark(OperationsPerInvoke = QueryCount)]
    public Task<int> Vector() => SearchAllAsync(_vector);

    /// <summary>Hits returned over all queries, so the work cannot be optimised away.</summary>
    private async Task<int> SearchAllAsync(SearchRequest[] requests)
    {
        var hits = 0;
        foreach (var request in requests)
        {
            hits += (await Index.SearchAsync(request).ConfigureAwait(false)).Count;
        }

        return hits;
    }
}
