using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;

namespace CopilotBot.Knowledge.Storage;

/// <summary>
/// The default vector store: each collection is one binary file under a folder, held in memory and searched by
/// brute-force SIMD cosine similarity. It stores <see cref="PlaybookRecord"/> keyed by string and nothing else.
/// </summary>
public sealed class EmbeddedVectorStore(string directory) : VectorStore
{
    internal const string FileExtension = ".idx";
    private readonly Dictionary<string, EmbeddedPlaybookCollection> _collections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The folder holding the collection files.</summary>
    public string Directory { get; } = directory;

    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TKey) != typeof(string) || typeof(TRecord) != typeof(PlaybookRecord))
        {
            throw new NotSupportedException($"{nameof(EmbeddedVectorStore)} stores {nameof(PlaybookRecord)} keyed by string only.");
        }

        lock (_lock)
        {
            if (!_collections.TryGetValue(name, out var collection))
            {
                collection = new EmbeddedPlaybookCollection(name, PathOf(name));
                _collections[name] = collection;
            }

            return (VectorStoreCollection<TKey, TRecord>)(object)collection;
        }
    }

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException($"{nameof(EmbeddedVectorStore)} has no dynamic collections.");

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*" + FileExtension))
        {
            yield return Path.GetFileNameWithoutExtension(file);
        }
    }

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(name)));

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        GetCollection<string, PlaybookRecord>(name).EnsureCollectionDeletedAsync(cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = "copilotbot-embedded", VectorStoreName = Directory }
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' cannot name a collection file.", nameof(name));
        }

        return Path.Combine(Directory, name + FileExtension);
    }
}
