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
/// writing) is ignored on read and cut off before the next record is appended.
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
            entries.Dimensions = vector.Length;
            try
            {
                Append(model, key, vector);
            }
            catch (IOException)
            {
                // The cache only saves work: another process writing the same file (a bot host indexing while the CLI
                // does) or a full disk must not fail the indexing. The vector stays cached in this process.
            }
        }
    }

    /// <summary>
    /// Appends one record. A tail that is not a whole record was left by a writer killed mid-write (the file is held
    /// exclusively while written, so it is not one being written now): it is cut off first, or every record after it would be
    /// read shifted and never found again.
    /// </summary>
    private void Append(string model, string key, float[] vector)
    {
        Directory.CreateDirectory(_folder);
        // Exclusive (an advisory lock on Unix): two processes appending at once would write over each other's records.
        using var file = new FileStream(PathOf(model), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var size = HashBytes + (vector.Length * sizeof(float));
        if (file.Length < sizeof(int))
        {
            file.SetLength(0);
            file.Write(BitConverter.GetBytes(vector.Length));
        }
        else
        {
            Span<byte> header = stackalloc byte[sizeof(int)];
            file.ReadExactly(header);
            if (BitConverter.ToInt32(header) != vector.Length) return; // written by another build of the model: left alone
            var torn = (file.Length - sizeof(int)) % size;
            if (torn != 0) file.SetLength(file.Length - torn);
            file.Seek(0, SeekOrigin.End);
        }

        var record = new byte[size];
        Convert.FromHexString(key).CopyTo(record, 0);
        Buffer.BlockCopy(vector, 0, record, HashBytes, vector.Length * sizeof(float));
        file.Write(record);
    }

    private Entries Load(string model)
    {
        if (_models.TryGetValue(model, out var loaded)) return loaded;
        var entries = new Entries();
        var path = PathOf(model);
        byte[] bytes;
        try
        {
            bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        }
        catch (IOException)
        {
            return entries; // being written by another process: nothing cached for now, read again next time
        }

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
