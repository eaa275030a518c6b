using System.Numerics.Tensors;

namespace CopilotBot.Knowledge;

/// <summary>
/// Unit vectors stored dimension by dimension (every vector's first component, then every second...), so that the
/// dot products of one query with all of them read only the dimensions the query uses. The offline embedder's
/// queries use about a tenth of the dimensions: a brute-force scan then reads a tenth of the memory a row-by-row
/// scan would, which is what bounds it once the passages outgrow the CPU caches. Dense queries (model embeddings)
/// cost the same as a row-by-row scan.
/// </summary>
internal sealed class DimensionMajorVectors
{
    private readonly float[] _components;

    /// <summary>Lays out <paramref name="count"/> vectors of <paramref name="dimensions"/> components given one after another.</summary>
    public DimensionMajorVectors(ReadOnlySpan<float> rowMajor, int count, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(rowMajor.Length, count * dimensions);
        Count = count;
        Dimensions = dimensions;
        _components = new float[rowMajor.Length];
        for (var row = 0; row < count; row++)
        {
            for (var dimension = 0; dimension < dimensions; dimension++)
            {
                _components[(dimension * count) + row] = rowMajor[(row * dimensions) + dimension];
            }
        }
    }

    public int Count { get; }

    public int Dimensions { get; }

    /// <summary>Writes the dot product of <paramref name="query"/> with every vector into <paramref name="scores"/> (cosine when both are unit length).</summary>
    public void Dot(ReadOnlySpan<float> query, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(query.Length, Dimensions);
        scores = scores[..Count];
        scores.Clear();
        var components = _components.AsSpan();
        for (var dimension = 0; dimension < Dimensions; dimension++)
        {
            var weight = query[dimension];
            if (weight == 0) continue;
            var column = components.Slice(dimension * Count, Count);
            TensorPrimitives.MultiplyAdd(column, weight, scores, scores);
        }
    }

    /// <summary>
    /// Cosine of every vector with <c>query - share * mean</c>, where <paramref name="offsets"/> holds each vector's dot
    /// product with <paramref name="mean"/>: (q·v - share * mean·v) / |q - share * mean|. The centred query is dense,
    /// the query itself sparse; this keeps the scan as cheap as <see cref="Dot"/> (vectors assumed unit length).
    /// </summary>
    public void DotCentred(ReadOnlySpan<float> query, float share, ReadOnlySpan<float> mean, ReadOnlySpan<float> offsets, Span<float> scores)
    {
        Dot(query, scores);
        scores = scores[..Count];
        var centredNorm = MathF.Sqrt(Math.Max(
            TensorPrimitives.Dot(query, query) - (2 * share * TensorPrimitives.Dot(query, mean)) + (share * share * TensorPrimitives.Dot(mean, mean)),
            float.Epsilon));
        TensorPrimitives.MultiplyAdd(offsets, -share, scores, scores);
        TensorPrimitives.Divide(scores, centredNorm, scores);
    }
}
