using System.Security.Cryptography;
using System.Text;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>
/// Passage vectors kept on disk by (model, SHA-256 of the text), so that an unchanged passage is never embedded twice:
/// a rebuild, a changed chunker that leaves most sections alone, or a second data folder's index from the same
/// playbooks costs a lookup instead of a model run (20-40 ms a passage on this hardware).
/// </summary>
/// <remarks>
/// One file per model under the index folder, <c>embeddings-HASH.bin</c>: the vector size (4 bytes), then records of the
/// text's 32-byte hash and the vector's floats, appended as they are made. A torn last record (a process killed while
/// writing) is ignored on read.
/// Entries are never evicted: a library's passages number in the thousands, a few megabytes.
/// </remarks>
public sealed class EmbeddingCache
{
    private const int HashBytes = 32;
    private readonly string _folder;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entries> _models = new(StringComparer.Ordinal);

    /// <param name="folder">Where the cache files live (the index folder); created on first write.</param>
    public EmbeddingCache(string folder)
    {
        _folder = folder;
    }

    /// <summary>The vector cached for <paramref name="text"/> under <paramref name="model"/>, or null.</summary>
    public float[]? Find(string model, string text)
    {
        lock (_gate)
        {
            return Load(model).Vectors.GetValueOrDefault(Key(text));
        }
    }

    /// <summary>Keeps <paramref name="vector"/> for <paramref name="text"/> under <paramref name="model"/>, in memory and on disk.</summary>
    public void Add(string model, string text, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var key = Key(text);
        lock (_gate)
        {
            var entries = Load(model);
            // A model whose vector size changed under the same name is not cached rather than mixed in.
            if ((entries.Dimensions is { } dimensions && dimensions != vector.Length) || !entries.Vectors.TryAdd(key, vector)) return;
            Directory.CreateDirectory(_folder);
            using var file = new FileStream(PathOf(model), FileMode.Append, FileAccess.Write, FileShare.Read);
            if (entries.Dimensions is null)
            {
                file.Write(BitConverter.GetBytes(vector.Length));
                entries.Dimensions = vector.Length;
            }

            var record = new byte[HashBytes + (vector.Length * sizeof(float))];
            Convert.FromHexString(key).CopyTo(record, 0);
            Buffer.BlockCopy(vector, 0, record, HashBytes, vector.Length * sizeof(float));
            file.Write(record);
        }
    }

    private Entries Load(string model)
    {
        if (_models.TryGetValue(model, out var loaded)) return loaded;
        var entries = new Entries();
        var path = PathOf(model);
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            var dimensions = bytes.Length >= sizeof(int) ? BitConverter.ToInt32(bytes, 0) : 0;
            if (dimensions > 0)
            {
                entries.Dimensions = dimensions;
                var size = HashBytes + (dimensions * sizeof(float));
                for (var offset = sizeof(int); offset + size <= bytes.Length; offset += size)
                {
                    var vector = new float[dimensions];
                    Buffer.BlockCopy(bytes, offset + HashBytes, vector, 0, dimensions * sizeof(float));
                    entries.Vectors.TryAdd(Convert.ToHexStringLower(bytes, offset, HashBytes), vector);
                }
            }
        }

        _models[model] = entries;
        return entries;
    }

    private string PathOf(string model) => Path.Combine(_folder, $"embeddings-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model)))[..16]}.bin");

    private static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));


    private sealed class Entries
    {
        public Dictionary<string, float[]> Vectors { get; } = new(StringComparer.Ordinal);

        public int? Dimensions { get; set; }
    }
}
