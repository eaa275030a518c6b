using System.Buffers;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace CopilotBot.Knowledge.Storage;

/// <summary>
/// One collection of <see cref="EmbeddedVectorStore"/>. Readers see an immutable snapshot; every write builds a new
/// one, writes it to a temporary file and renames it over the old file, so a write killed half-way leaves the
/// previous index intact. Another process's write is picked up on the next read.
/// </summary>
internal sealed class EmbeddedPlaybookCollection(string name, string path) : VectorStoreCollection<string, PlaybookRecord>, IRevisioned
{
    private const uint Magic = 0x49504243; // "CBPI"
    private const int FormatVersion = 2;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _loadLock = new();
    private volatile Snapshot? _snapshot;
    private (DateTime WrittenUtc, long Length) _loadedStamp;
    private long _revision;

    public override string Name { get; } = name;

    /// <summary>Changes whenever the records do, here or on disk.</summary>
    public long Revision
    {
        get
        {
            _ = Current();
            return Interlocked.Read(ref _revision);
        }
    }

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(path));

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        if (File.Exists(path)) return;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(path)) Publish(Snapshot.Empty);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(path);
            lock (_loadLock)
            {
                _snapshot = Snapshot.Empty;
                _loadedStamp = default;
                Interlocked.Increment(ref _revision);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task<PlaybookRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var snapshot = Current();
        return Task.FromResult(snapshot.IndexOf.TryGetValue(key, out var i) ? snapshot.Records[i] : null);
    }

    public override async IAsyncEnumerable<PlaybookRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var snapshot = Current();
        foreach (var key in keys)
        {
            if (snapshot.IndexOf.TryGetValue(key, out var i)) yield return snapshot.Records[i];
        }
    }

    public override async IAsyncEnumerable<PlaybookRecord> GetAsync(Expression<Func<PlaybookRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<PlaybookRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var predicate = RecordFilter.From(filter);
        var skip = options?.Skip ?? 0;
        var taken = 0;
        foreach (var record in Current().Records)
        {
            if (taken >= top) yield break;
            if (!predicate.Matches(record)) continue;
            if (skip-- > 0) continue;
            taken++;
            yield return record;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        ApplyAsync([], [key], cancellationToken);

    public override Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        ApplyAsync([], keys.ToList(), cancellationToken);

    public override Task UpsertAsync(PlaybookRecord record, CancellationToken cancellationToken = default) =>
        ApplyAsync([record], [], cancellationToken);

    public override Task UpsertAsync(IEnumerable<PlaybookRecord> records, CancellationToken cancellationToken = default) =>
        ApplyAsync(records.ToList(), [], cancellationToken);

    /// <summary>Upserts and deletes in one atomic file swap.</summary>
    public Task ApplyAsync(IReadOnlyCollection<PlaybookRecord> upserts, IReadOnlyCollection<string> deletes, CancellationToken cancellationToken = default)
    {
        var replaced = deletes.Concat(upserts.Select(r => r.Id)).ToHashSet(StringComparer.Ordinal);
        return WriteAsync(existing => existing.Where(r => !replaced.Contains(r.Id)).Concat(upserts), cancellationToken);
    }

    public override async IAsyncEnumerable<VectorSearchResult<PlaybookRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<PlaybookRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            _ => throw new NotSupportedException($"Search by {typeof(TInput).Name} is not supported: pass the query's embedding."),
        };

        var snapshot = Current();
        if (snapshot.Records.Length == 0) yield break;
        if (query.Length != snapshot.Dimensions)
        {
            throw new VectorStoreException($"The query has {query.Length} dimensions but collection '{Name}' holds {snapshot.Dimensions}; re-index with the embedder in use.");
        }

        // Stored vectors are unit length, so cosine similarity is a dot product with the normalised query.
        var hits = Nearest(snapshot, Normalised(query.Span), 0, top + (options?.Skip ?? 0), RecordFilter.From(options?.Filter));
        foreach (var (record, score) in hits.Skip(options?.Skip ?? 0))
        {
            if (options?.ScoreThreshold is { } threshold && score < threshold) yield break;
            yield return new VectorSearchResult<PlaybookRecord>(record, score);
        }
    }

    /// <summary>
    /// The records nearest to <c>query - share * mean</c> (the mean of the stored vectors), scored by cosine with that
    /// centred query, as a search with the centred vector would: (q·v - share * mean·v) / |q - share * mean|, with
    /// mean·v kept per snapshot. The centred vector is dense, the query itself sparse, so this reads a tenth of the
    /// memory a search with the centred vector would (see <see cref="DimensionMajorVectors"/>).
    /// </summary>
    internal IReadOnlyList<(PlaybookRecord Record, float Score)> SearchCentred(ReadOnlySpan<float> query, float share, int top, RecordFilter filter)
    {
        var snapshot = Current();
        if (snapshot.Records.Length == 0) return [];
        if (query.Length != snapshot.Dimensions)
        {
            throw new VectorStoreException($"The query has {query.Length} dimensions but collection '{Name}' holds {snapshot.Dimensions}; re-index with the embedder in use.");
        }

        return Nearest(snapshot, query, share, top, filter);
    }

    private static List<(PlaybookRecord Record, float Score)> Nearest(Snapshot snapshot, ReadOnlySpan<float> query, float share, int top, RecordFilter filter)
    {
        var best = new TopK(top);
        var count = snapshot.Records.Length;
        var scores = ArrayPool<float>.Shared.Rent(count);
        try
        {
            var span = scores.AsSpan(0, count);
            if (share == 0)
            {
                snapshot.Columns.Dot(query, span);
            }
            else
            {
                var (mean, offsets) = snapshot.Centroid;
                snapshot.Columns.DotCentred(query, share, mean, offsets, span);
            }

            for (var i = 0; i < count; i++)
            {
                if (filter is not RecordFilter.Everything && !filter.Matches(snapshot.Records[i])) continue;
                best.Offer(i, span[i]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }

        return [.. best.Drain().Select(h => (snapshot.Records[h.Index], h.Score))];
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "copilotbot-embedded", CollectionName = Name, VectorStoreName = path }
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _writeLock.Dispose();
        base.Dispose(disposing);
    }

    private async Task WriteAsync(Func<IEnumerable<PlaybookRecord>, IEnumerable<PlaybookRecord>> change, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Publish(Snapshot.Create(change(Current().Records).ToList()));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Publish(Snapshot snapshot)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(stream, snapshot);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        lock (_loadLock)
        {
            _snapshot = snapshot;
            _loadedStamp = Stamp();
            Interlocked.Increment(ref _revision);
        }
    }

    private Snapshot Current()
    {
        var stamp = Stamp();
        var snapshot = _snapshot;
        if (snapshot is not null && stamp == _loadedStamp) return snapshot;
        lock (_loadLock)
        {
            stamp = Stamp();
            if (_snapshot is not null && stamp == _loadedStamp) return _snapshot;
            _snapshot = stamp.Length == 0 ? Snapshot.Empty : Read(path);
            _loadedStamp = stamp;
            Interlocked.Increment(ref _revision);
            return _snapshot;
        }
    }

    private (DateTime WrittenUtc, long Length) Stamp()
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    private static void Write(Stream stream, Snapshot snapshot)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(snapshot.Dimensions);
        writer.Write(snapshot.Records.Length);
        foreach (var record in snapshot.Records)
        {
            writer.Write(record.Id);
            writer.Write(record.File);
            writer.Write(record.FileHash);
            writer.Write(record.Source);
            writer.Write(record.Title);
            WriteList(writer, record.HeadingPath);
            writer.Write(record.Text);
            writer.Write(record.Context);
            WriteList(writer, record.Risks);
            WriteList(writer, record.Stages);
            WriteList(writer, record.Personas);
        }

        writer.Write(MemoryMarshal.AsBytes(snapshot.Vectors.AsSpan()));
    }

    private static Snapshot Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new VectorStoreException($"'{path}' is not an index this version can read; run 'index --rebuild'.");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        var records = new PlaybookRecord[count];
        for (var i = 0; i < count; i++)
        {
            records[i] = new PlaybookRecord
            {
                Id = reader.ReadString(),
                File = reader.ReadString(),
                FileHash = reader.ReadString(),
                Source = reader.ReadString(),
                Title = reader.ReadString(),
                HeadingPath = ReadList(reader),
                Text = reader.ReadString(),
                Context = reader.ReadString(),
                Risks = ReadList(reader),
                Stages = ReadList(reader),
                Personas = ReadList(reader),
            };
        }

        var vectors = new float[count * dimensions];
        stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
        for (var i = 0; i < count; i++)
        {
            records[i] = records[i] with { Vector = vectors.AsMemory(i * dimensions, dimensions) };
        }

        return new Snapshot(records, vectors, dimensions);
    }

    private static float[] Normalised(ReadOnlySpan<float> vector)
    {
        var copy = vector.ToArray();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0) TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values) writer.Write(value);
    }

    private static string[] ReadList(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadString();
        return values;
    }

    /// <summary>Records plus their vectors laid end to end, so a search is one pass over contiguous memory.</summary>
    private sealed record CentroidTerms(float[] Mean, float[] Offsets);

    private sealed class Snapshot(PlaybookRecord[] records, float[] vectors, int dimensions)
    {
        public static readonly Snapshot Empty = new([], [], 0);

        public PlaybookRecord[] Records { get; } = records;

        public float[] Vectors { get; } = vectors;

        public int Dimensions { get; } = dimensions;

        /// <summary>The same vectors, laid out for searching.</summary>
        public DimensionMajorVectors Columns { get; } = new(vectors, records.Length, dimensions);

        /// <summary>The mean of the vectors and each vector's dot product with it, for centred searches; made on first use.</summary>
        public CentroidTerms Centroid => _centroid ??= MakeCentroid();

        // A reference, so that readers racing the first use see a whole object or none.
        private CentroidTerms? _centroid;

        private CentroidTerms MakeCentroid()
        {
            var mean = new float[Dimensions];
            var offsets = new float[Records.Length];
            if (Records.Length == 0) return new CentroidTerms(mean, offsets);
            for (var i = 0; i < Records.Length; i++) TensorPrimitives.Add(mean, Vectors.AsSpan(i * Dimensions, Dimensions), mean);
            TensorPrimitives.Divide(mean, Records.Length, mean);
            Columns.Dot(mean, offsets);
            return new CentroidTerms(mean, offsets);
        }

        public Dictionary<string, int> IndexOf { get; } = records.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        public static Snapshot Create(List<PlaybookRecord> records)
        {
            var dimensions = records.Count == 0 ? 0 : records[0].Vector.Length;
            var vectors = new float[records.Count * dimensions];
            var stored = new PlaybookRecord[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Vector.Length != dimensions)
                {
                    throw new VectorStoreException($"Record '{records[i].Id}' has {records[i].Vector.Length} dimensions, others {dimensions}.");
                }

                var slot = vectors.AsMemory(i * dimensions, dimensions);
                records[i].Vector.CopyTo(slot);
                var norm = TensorPrimitives.Norm(slot.Span);
                if (norm > 0) TensorPrimitives.Divide(slot.Span, norm, slot.Span);
                stored[i] = records[i] with { Vector = slot };
            }

            return new Snapshot(stored, vectors, dimensions);
        }
    }
}

/// <summary>A collection that can say cheaply whether its records changed since it was last asked.</summary>
internal interface IRevisioned
{
    long Revision { get; }
}
