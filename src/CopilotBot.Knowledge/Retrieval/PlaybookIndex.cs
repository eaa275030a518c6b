using System.Linq.Expressions;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace CopilotBot.Knowledge.Retrieval;

/// <summary>
/// The playbook index whatever the store: chunks live in a <see cref="VectorStore"/> collection (embedded file or
/// Qdrant), vector search runs there, BM25 runs in memory over the same records, and hybrid fuses the two rankings.
/// </summary>
public interface IPlaybookIndex : IPlaybookSearch
{
    /// <summary>Every stored chunk (vectors may be omitted), as of now.</summary>
    Task<IReadOnlyList<PlaybookRecord>> GetRecordsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="upserts"/> and removes <paramref name="deletes"/>, as one step where the store allows.</summary>
    Task WriteAsync(IReadOnlyCollection<PlaybookRecord> upserts, IReadOnlyCollection<string> deletes, CancellationToken cancellationToken = default);
}

/// <summary>The <see cref="IPlaybookIndex"/> over any VectorData store holding <see cref="PlaybookRecord"/>.</summary>
public sealed class PlaybookIndex : IPlaybookIndex, IDisposable
{
    private const int MaxTop = 100;
    private readonly VectorStoreCollection<string, PlaybookRecord> _collection;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly KeywordIndex.Settings _keywordSettings;
    private readonly int _rrfK;
    private readonly SemaphoreSlim _stateLock = new(1, 1);
    private State? _state;
    private long _localWrites;

    public PlaybookIndex(VectorStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, IOptions<KnowledgeOptions> options)
        : this(store.GetCollection<string, PlaybookRecord>(options.Value.Collection), embedder, (int)Embeddings.OfflineEmbeddingGenerator.Knob("RRFK", options.Value.RrfK))
    {
    }

    internal PlaybookIndex(VectorStoreCollection<string, PlaybookRecord> collection, IEmbeddingGenerator<string, Embedding<float>> embedder, int rrfK = 60, KeywordIndex.Settings? keywordSettings = null)
    {
        _collection = collection;
        _embedder = embedder;
        _rrfK = rrfK;
        _keywordSettings = keywordSettings ?? KeywordIndex.Settings.FromKnobs();
    }

    private sealed record State(long Revision, IReadOnlyList<PlaybookRecord> Records, KeywordIndex Keywords);

    public async Task<IReadOnlyList<PlaybookHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return [];
        }

        var top = Math.Clamp(request.Top, 1, MaxTop);
        var filter = PlaybookFilterExpression.From(request.Filter);
        switch (request.Mode)
        {
            case SearchMode.Keyword:
                return (await KeywordAsync(request.Query, top, filter, cancellationToken).ConfigureAwait(false))
                    .Select(h => h.Record.ToHit(h.Score)).ToList();
            case SearchMode.Vector:
                return (await VectorAsync(request.Query, top, filter, cancellationToken).ConfigureAwait(false))
                    .Select(h => h.Record.ToHit(h.Score)).ToList();
            default:
                // Fuse deeper lists than asked for: a passage ranked 8th by both can beat one ranked 1st by one.
                var depth = Math.Max(top * 4, 40);
                var keyword = KeywordAsync(request.Query, depth, filter, cancellationToken);
                var vector = VectorAsync(request.Query, depth, filter, cancellationToken);
                return ReciprocalRankFusion.Fuse([await keyword.ConfigureAwait(false), await vector.ConfigureAwait(false)], _rrfK, top)
                    .Select(h => h.Record.ToHit(h.Score)).ToList();
        }
    }

    public async Task<IReadOnlyList<PlaybookRecord>> GetRecordsAsync(CancellationToken cancellationToken = default) =>
        (await CurrentStateAsync(cancellationToken).ConfigureAwait(false)).Records;

    public async Task WriteAsync(IReadOnlyCollection<PlaybookRecord> upserts, IReadOnlyCollection<string> deletes, CancellationToken cancellationToken = default)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }

        if (_collection is EmbeddedPlaybookCollection embedded)
        {
            await embedded.ApplyAsync(upserts, deletes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var stored = await GetRecordsAsync(cancellationToken).ConfigureAwait(false);
            var deleting = deletes.ToHashSet(StringComparer.Ordinal);
            if (stored.Count > 0 && stored.All(r => deleting.Contains(r.Id)))
            {
                // Everything goes: recreate, so a new embedder with another vector size is accepted.
                await _collection.EnsureCollectionDeletedAsync(cancellationToken).ConfigureAwait(false);
                deletes = [];
            }

            await _collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
            // Upsert before deleting: a failure in between leaves extra passages, never missing ones.
            if (upserts.Count > 0) await _collection.UpsertAsync(upserts, cancellationToken).ConfigureAwait(false);
            if (deletes.Count > 0) await _collection.DeleteAsync(deletes, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _localWrites);
    }

    public void Dispose() => _stateLock.Dispose();

    private async Task<List<(PlaybookRecord Record, double Score)>> KeywordAsync(string query, int top, Expression<Func<PlaybookRecord, bool>>? filter, CancellationToken cancellationToken)
    {
        var state = await CurrentStateAsync(cancellationToken).ConfigureAwait(false);
        var predicate = RecordFilter.From(filter);
        Func<int, bool>? include = predicate is RecordFilter.Everything ? null : doc => predicate.Matches(state.Records[doc]);
        return state.Keywords.Search(query, top, include).Select(h => (state.Records[h.Index], (double)h.Score)).ToList();
    }

    private async Task<List<(PlaybookRecord Record, double Score)>> VectorAsync(string query, int top, Expression<Func<PlaybookRecord, bool>>? filter, CancellationToken cancellationToken)
    {
        var hits = new List<(PlaybookRecord, double)>(top);
        if ((await CurrentStateAsync(cancellationToken).ConfigureAwait(false)).Records.Count == 0)
        {
            return hits; // nothing indexed yet, perhaps no collection either
        }

        var embedding = await _embedder.GenerateVectorAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        await foreach (var result in _collection.SearchAsync(embedding, top, new VectorSearchOptions<PlaybookRecord> { Filter = filter }, cancellationToken).ConfigureAwait(false))
        {
            hits.Add((result.Record, result.Score ?? 0));
        }

        return hits;
    }

    private async Task<State> CurrentStateAsync(CancellationToken cancellationToken)
    {
        var revision = Revision();
        var state = _state;
        if (state is not null && state.Revision == revision)
        {
            return state;
        }

        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            revision = Revision();
            if (_state is { } fresh && fresh.Revision == revision)
            {
                return fresh;
            }

            var records = new List<PlaybookRecord>();
            if (await _collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var record in _collection.GetAsync(r => true, int.MaxValue, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    records.Add(record);
                }
            }

            records.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            _state = new State(revision, records, KeywordIndex.Build(records, _keywordSettings));
            return _state;
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private long Revision() =>
        _collection is IRevisioned revisioned ? revisioned.Revision + Interlocked.Read(ref _localWrites) : Interlocked.Read(ref _localWrites);
}
