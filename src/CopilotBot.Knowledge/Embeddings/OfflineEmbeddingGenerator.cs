using System.Numerics.Tensors;
using CopilotBot.Knowledge.Text;
using Microsoft.Extensions.AI;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>
/// A deterministic embedder that needs no model: stemmed words, character n-grams and customer-success concepts
/// (<see cref="CsSynonyms"/>: words and phrases) are feature-hashed (signed, FNV-1a) into a fixed number of
/// dimensions, damped by log term frequency and L2-normalised. The concepts are what let "champion quit" meet
/// "sponsor left the company", and "cut seats" meet "downsell". Plain word pairs are not features: the listed
/// phrases carry the pairs that mean something, and the rest only added noise (measured on the labelled set).
/// </summary>
public sealed class OfflineEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Dimensions when none are given.</summary>
    public const int DefaultDimensions = 1024;

    /// <summary>Provider name reported in metadata, and part of the index fingerprint.</summary>
    public const string ProviderName = "copilotbot-offline";

    // Measured on the playbook library's labelled queries (knowledge/eval); see RetrievalEvaluator.
    private const float WordWeight = 1.0f;
    private const float ConceptWeight = 0.9f;
    private const float CharGramWeight = 0.25f;

    private readonly EmbeddingGeneratorMetadata _metadata;

    public OfflineEmbeddingGenerator(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 16);
        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, defaultModelId: ModelId, defaultModelDimensions: dimensions);
    }

    public int Dimensions { get; }

    /// <summary>
    /// Names the feature recipe; bump the version when it changes so indexes rebuild. The lexicon's fingerprint is
    /// part of it, so an edited concept list re-embeds the library on the next <c>copilot index</c> too.
    /// </summary>
    public string ModelId => $"hashing-v3-{Dimensions}-{CsSynonyms.Fingerprint}";

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value)) { ModelId = ModelId, CreatedAt = null });
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    /// <summary>The embedding of one text.</summary>
    public float[] Embed(string text)
    {
        var features = new Dictionary<string, (float Weight, int Count)>(StringComparer.Ordinal);
        var terms = EnglishAnalyzer.Analyze(text);
        foreach (var term in terms)
        {
            Add(features, "w:" + term, WordWeight);

            var padded = "<" + term + ">";
            for (var n = 3; n <= 4; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    Add(features, "g:" + padded.Substring(start, n), CharGramWeight);
                }
            }
        }

        foreach (var concept in CsSynonyms.ConceptsIn(terms))
        {
            Add(features, "c:" + concept, ConceptWeight);
        }

        var vector = new float[Dimensions];
        foreach (var (feature, (weight, count)) in features)
        {
            // Each repeat adds less than the last: repetition counts, but does not dominate.
            var value = weight * (1 + MathF.Log(count));
            var hash = Fnv1A(feature);
            var bucket = (int)(hash % (uint)Dimensions);
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            vector[bucket] += sign * value;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    private static void Add(Dictionary<string, (float Weight, int Count)> features, string feature, float weight)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(features, feature, out _);
        slot = (weight, slot.Count + 1);
    }

    private static ulong Fnv1A(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        // FNV's high bit mixes poorly on short keys; fold the halves so the sign bit depends on every character.
        return hash ^ (hash << 31) ^ (hash >> 29);
    }
}
