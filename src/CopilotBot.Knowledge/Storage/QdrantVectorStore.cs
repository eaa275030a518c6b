using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace CopilotBot.Knowledge.Storage;

/// <summary>
/// Qdrant through its official gRPC client (<c>Qdrant.Client</c>; the SK connector is not served here). Stores
/// <see cref="PlaybookRecord"/> keyed by string. The client is the caller's: one per process, shared by collections.
/// </summary>
public sealed class QdrantVectorStore(QdrantClient client, int dimensions, string? address = null) : VectorStore
{
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TKey) != typeof(string) || typeof(TRecord) != typeof(PlaybookRecord))
        {
            throw new NotSupportedException($"{nameof(QdrantVectorStore)} stores {nameof(PlaybookRecord)} keyed by string only.");
        }

        return (VectorStoreCollection<TKey, TRecord>)(object)new QdrantPlaybookCollection(client, name, dimensions);
    }

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException($"{nameof(QdrantVectorStore)} has no dynamic collections.");

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = await QdrantPlaybookCollection.Call(() => client.ListCollectionsAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var name in names) yield return name;
    }

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        new QdrantPlaybookCollection(client, name, dimensions).CollectionExistsAsync(cancellationToken);

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        new QdrantPlaybookCollection(client, name, dimensions).EnsureCollectionDeletedAsync(cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = "qdrant", VectorStoreName = address }
        : serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(QdrantClient) ? client
        : null;
}

/// <summary>One Qdrant collection of playbook chunks: cosine distance, payload fields named as the record's properties in camelCase.</summary>
internal sealed class QdrantPlaybookCollection(QdrantClient client, string name, int dimensions) : VectorStoreCollection<string, PlaybookRecord>
{
    private const int PageSize = 256;
    private static readonly string[] IndexedFields = ["file", "source", "risks", "stages", "personas"];

    public override string Name { get; } = name;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Call(() => client.CollectionExistsAsync(Name, cancellationToken));

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        if (await CollectionExistsAsync(cancellationToken).ConfigureAwait(false)) return;
        await Call(() => client.CreateCollectionAsync(Name, new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var field in IndexedFields)
        {
            await Call(() => client.CreatePayloadIndexAsync(Name, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        if (await CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await Call(() => client.DeleteCollectionAsync(Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public override async Task<PlaybookRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false)) return record;
        return null;
    }

    public override async IAsyncEnumerable<PlaybookRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ids = keys.Select(k => new PointId { Uuid = PointId(k) }).ToList();
        var points = await Call(() => client.RetrieveAsync(Name, ids, withPayload: true, withVectors: options?.IncludeVectors ?? false, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var point in points) yield return ToRecord(point.Payload, point.Vectors);
    }

    public override async IAsyncEnumerable<PlaybookRecord> GetAsync(System.Linq.Expressions.Expression<Func<PlaybookRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<PlaybookRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var qdrantFilter = ToQdrant(RecordFilter.From(filter));
        var vectors = new WithVectorsSelector { Enable = options?.IncludeVectors ?? false };
        var payload = new WithPayloadSelector { Enable = true };
        PointId? offset = null;
        var remaining = top;
        var skip = options?.Skip ?? 0;
        while (remaining > 0)
        {
            var limit = (uint)Math.Min(PageSize, (long)remaining + skip);
            var page = await Call(() => client.ScrollAsync(Name, qdrantFilter, limit, offset, payload, vectors, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var point in page.Result)
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                if (remaining-- <= 0) yield break;
                yield return ToRecord(point.Payload, point.Vectors);
            }

            offset = page.NextPageOffset;
            if (offset is null) yield break;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var batch in keys.Chunk(PageSize))
        {
            var ids = batch.Select(k => Guid.Parse(PointId(k))).ToList();
            await Call(() => client.DeleteAsync(Name, ids, wait: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public override Task UpsertAsync(PlaybookRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<PlaybookRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var batch in records.Chunk(PageSize / 4))
        {
            var points = batch.Select(r =>
            {
                var point = new PointStruct { Id = new PointId { Uuid = PointId(r.Id) }, Vectors = r.Vector.ToArray() };
                point.Payload.Add(Payload(r));
                return point;
            }).ToList();
            await Call(() => client.UpsertAsync(Name, points, wait: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<PlaybookRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<PlaybookRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var vector = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory.ToArray(),
            float[] array => array,
            Embedding<float> embedding => embedding.Vector.ToArray(),
            _ => throw new NotSupportedException($"Search by {typeof(TInput).Name} is not supported: pass the query's embedding."),
        };
        var points = await Call(() => client.QueryAsync(
            Name,
            query: vector,
            filter: ToQdrant(RecordFilter.From(options?.Filter)),
            limit: (ulong)top,
            offset: (ulong)(options?.Skip ?? 0),
            payloadSelector: new WithPayloadSelector { Enable = true },
            vectorsSelector: new WithVectorsSelector { Enable = options?.IncludeVectors ?? false },
            scoreThreshold: options?.ScoreThreshold is { } threshold ? (float)threshold : null,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var point in points)
        {
            yield return new VectorSearchResult<PlaybookRecord>(ToRecord(point.Payload, point.Vectors), point.Score);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "qdrant", CollectionName = Name }
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Qdrant's payload filter for a predicate: must = all of, should = any of, a keyword match = list holds / field equals.</summary>
    internal static Filter? ToQdrant(RecordFilter filter)
    {
        switch (filter)
        {
            case RecordFilter.Everything:
                return null;
            case RecordFilter.All all:
                var must = new Filter();
                must.Must.AddRange(all.Clauses.Select(Condition));
                return must;
            case RecordFilter.Any any:
                var should = new Filter();
                should.Should.AddRange(any.Clauses.Select(Condition));
                return should;
            case RecordFilter.FieldHas has:
                var single = new Filter();
                single.Must.Add(Condition(has));
                return single;
            default:
                throw new NotSupportedException($"Filter {filter} has no Qdrant form.");
        }
    }

    private static Condition Condition(RecordFilter clause) => clause is RecordFilter.FieldHas has
        ? Conditions.MatchKeyword(JsonNamingPolicy.CamelCase.ConvertName(has.Field), has.Value)
        : new Condition { Filter = ToQdrant(clause) ?? new Filter() };

    /// <summary>Qdrant ids are unsigned integers or UUIDs: a string key maps to a stable name-based UUID.</summary>
    internal static string PointId(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    internal static Dictionary<string, Value> Payload(PlaybookRecord record) => new(StringComparer.Ordinal)
    {
        ["id"] = record.Id,
        ["file"] = record.File,
        ["fileHash"] = record.FileHash,
        ["source"] = record.Source,
        ["title"] = record.Title,
        ["headingPath"] = List(record.HeadingPath),
        ["text"] = record.Text,
        ["context"] = record.Context,
        ["risks"] = List(record.Risks),
        ["stages"] = List(record.Stages),
        ["personas"] = List(record.Personas),
    };

    internal static PlaybookRecord ToRecord(IDictionary<string, Value> payload, VectorsOutput? vectors)
    {
        string Text(string field) => payload.TryGetValue(field, out var value) ? value.StringValue : string.Empty;
        IReadOnlyList<string> Strings(string field) => payload.TryGetValue(field, out var value) && value.ListValue is { } list
            ? [.. list.Values.Select(v => v.StringValue)]
            : [];
        if (!payload.ContainsKey("id")) throw new VectorStoreException("Qdrant returned a point without payload.");
        return new PlaybookRecord
        {
            Id = Text("id"),
            File = Text("file"),
            FileHash = Text("fileHash"),
            Source = Text("source"),
            Title = Text("title"),
            HeadingPath = Strings("headingPath"),
            Text = Text("text"),
            Context = Text("context"),
            Risks = Strings("risks"),
            Stages = Strings("stages"),
            Personas = Strings("personas"),
            Vector = vectors?.Vector?.GetDenseVector() is { } dense ? dense.Data.ToArray() : ReadOnlyMemory<float>.Empty,
        };
    }

    /// <summary>Runs a client call, reporting a failed one as the store's exception, as every VectorData store does.</summary>
    internal static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new VectorStoreException($"Qdrant failed: {e.Status.StatusCode} {e.Status.Detail}", e);
        }
        catch (QdrantException e)
        {
            throw new VectorStoreException($"Qdrant failed: {e.Message}", e);
        }
    }

    private static Task<bool> Call(Func<Task> call) => Call(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    private static Value List(IReadOnlyList<string> values)
    {
        var list = new ListValue();
        list.Values.AddRange(values.Select(v => new Value { StringValue = v }));
        return new Value { ListValue = list };
    }
}
