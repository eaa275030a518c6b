using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace CopilotBot.Knowledge.Storage;

/// <summary>
/// Qdrant through its REST API (the gRPC client and SK connector are not available here). Stores
/// <see cref="PlaybookRecord"/> keyed by string; the HttpClient's BaseAddress is the Qdrant URL.
/// </summary>
public sealed class QdrantVectorStore(HttpClient http, int dimensions) : VectorStore
{
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TKey) != typeof(string) || typeof(TRecord) != typeof(PlaybookRecord))
        {
            throw new NotSupportedException($"{nameof(QdrantVectorStore)} stores {nameof(PlaybookRecord)} keyed by string only.");
        }

        return (VectorStoreCollection<TKey, TRecord>)(object)new QdrantPlaybookCollection(http, name, dimensions);
    }

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException($"{nameof(QdrantVectorStore)} has no dynamic collections.");

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await QdrantPlaybookCollection.SendAsync(http, HttpMethod.Get, "collections", null, cancellationToken).ConfigureAwait(false);
        foreach (var collection in response?["result"]?["collections"]?.AsArray() ?? [])
        {
            if (collection?["name"]?.GetValue<string>() is { } name) yield return name;
        }
    }

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        new QdrantPlaybookCollection(http, name, dimensions).CollectionExistsAsync(cancellationToken);

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        new QdrantPlaybookCollection(http, name, dimensions).EnsureCollectionDeletedAsync(cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = "qdrant", VectorStoreName = http.BaseAddress?.ToString() }
        : serviceType.IsInstanceOfType(this) ? this
        : null;
}

/// <summary>One Qdrant collection of playbook chunks: cosine distance, payload fields named as the record's properties in camelCase.</summary>
internal sealed class QdrantPlaybookCollection(HttpClient http, string name, int dimensions) : VectorStoreCollection<string, PlaybookRecord>
{
    private const int PageSize = 256;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override string Name { get; } = name;

    private string Path => $"collections/{Uri.EscapeDataString(Name)}";

    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(Path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        if (await CollectionExistsAsync(cancellationToken).ConfigureAwait(false)) return;
        await SendAsync(http, HttpMethod.Put, Path, new JsonObject
        {
            ["vectors"] = new JsonObject { ["size"] = dimensions, ["distance"] = "Cosine" },
        }, cancellationToken).ConfigureAwait(false);
        foreach (var field in new[] { "file", "source", "risks", "stages", "personas" })
        {
            await SendAsync(http, HttpMethod.Put, $"{Path}/index?wait=true", new JsonObject
            {
                ["field_name"] = field,
                ["field_schema"] = "keyword",
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(Path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound) await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<PlaybookRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false)) return record;
        return null;
    }

    public override async IAsyncEnumerable<PlaybookRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(http, HttpMethod.Post, $"{Path}/points", new JsonObject
        {
            ["ids"] = new JsonArray(keys.Select(k => (JsonNode)PointId(k)).ToArray()),
            ["with_payload"] = true,
            ["with_vector"] = options?.IncludeVectors ?? false,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var point in response?["result"]?.AsArray() ?? [])
        {
            yield return ToRecord(point!);
        }
    }

    public override async IAsyncEnumerable<PlaybookRecord> GetAsync(System.Linq.Expressions.Expression<Func<PlaybookRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<PlaybookRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var qdrantFilter = ToQdrant(RecordFilter.From(filter));
        JsonNode? offset = null;
        var remaining = top;
        var skip = options?.Skip ?? 0;
        while (remaining > 0)
        {
            var body = new JsonObject
            {
                ["limit"] = (int)Math.Min(PageSize, (long)remaining + skip),
                ["with_payload"] = true,
                ["with_vector"] = options?.IncludeVectors ?? false,
            };
            if (qdrantFilter is not null) body["filter"] = qdrantFilter.DeepClone();
            if (offset is not null) body["offset"] = offset.DeepClone();
            var response = await SendAsync(http, HttpMethod.Post, $"{Path}/points/scroll", body, cancellationToken).ConfigureAwait(false);
            foreach (var point in response?["result"]?["points"]?.AsArray() ?? [])
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                if (remaining-- <= 0) yield break;
                yield return ToRecord(point!);
            }

            offset = response?["result"]?["next_page_offset"];
            if (offset is null || offset.GetValueKind() == JsonValueKind.Null) yield break;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var batch in keys.Chunk(PageSize))
        {
            await SendAsync(http, HttpMethod.Post, $"{Path}/points/delete?wait=true", new JsonObject
            {
                ["points"] = new JsonArray(batch.Select(k => (JsonNode)PointId(k)).ToArray()),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task UpsertAsync(PlaybookRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<PlaybookRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var batch in records.Chunk(PageSize / 4))
        {
            await SendAsync(http, HttpMethod.Put, $"{Path}/points?wait=true", new JsonObject
            {
                ["points"] = new JsonArray(batch.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = PointId(r.Id),
                    ["vector"] = new JsonArray(r.Vector.ToArray().Select(v => (JsonNode)v).ToArray()),
                    ["payload"] = Payload(r),
                }).ToArray()),
            }, cancellationToken).ConfigureAwait(false);
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
        var body = new JsonObject
        {
            ["vector"] = new JsonArray(vector.Select(v => (JsonNode)v).ToArray()),
            ["limit"] = top,
            ["offset"] = options?.Skip ?? 0,
            ["with_payload"] = true,
            ["with_vector"] = options?.IncludeVectors ?? false,
        };
        if (ToQdrant(RecordFilter.From(options?.Filter)) is { } filter) body["filter"] = filter;
        if (options?.ScoreThreshold is { } threshold) body["score_threshold"] = threshold;
        var response = await SendAsync(http, HttpMethod.Post, $"{Path}/points/search", body, cancellationToken).ConfigureAwait(false);
        foreach (var point in response?["result"]?.AsArray() ?? [])
        {
            yield return new VectorSearchResult<PlaybookRecord>(ToRecord(point!), point!["score"]?.GetValue<double>());
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "qdrant", CollectionName = Name }
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Qdrant's payload filter for a predicate: must = all of, should = any of, match = list holds / field equals.</summary>
    internal static JsonObject? ToQdrant(RecordFilter filter) => filter switch
    {
        RecordFilter.Everything => null,
        RecordFilter.All all => new JsonObject { ["must"] = new JsonArray(all.Clauses.Select(c => (JsonNode?)ToQdrant(c) ?? new JsonObject()).ToArray()) },
        RecordFilter.Any any => new JsonObject { ["should"] = new JsonArray(any.Clauses.Select(c => (JsonNode?)ToQdrant(c) ?? new JsonObject()).ToArray()) },
        RecordFilter.FieldHas has => new JsonObject
        {
            ["key"] = JsonNamingPolicy.CamelCase.ConvertName(has.Field),
            ["match"] = new JsonObject { ["value"] = has.Value },
        },
        _ => throw new NotSupportedException($"Filter {filter} has no Qdrant form."),
    };

    /// <summary>Qdrant ids are unsigned integers or UUIDs: a string key maps to a stable name-based UUID.</summary>
    internal static string PointId(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private static JsonObject Payload(PlaybookRecord record)
    {
        var payload = JsonSerializer.SerializeToNode(record, Json)!.AsObject();
        payload.Remove("vector"); // sent as the point's vector, not twice
        return payload;
    }

    private static PlaybookRecord ToRecord(JsonNode point)
    {
        var record = point["payload"].Deserialize<PlaybookRecord>(Json) ?? throw new VectorStoreException("Qdrant returned a point without payload.");
        return point["vector"] is JsonArray vector ? record with { Vector = vector.Select(v => v!.GetValue<float>()).ToArray() } : record;
    }

    internal static async Task<JsonNode?> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new VectorStoreException($"Qdrant {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} failed: {(int)response.StatusCode} {detail}");
    }
}
