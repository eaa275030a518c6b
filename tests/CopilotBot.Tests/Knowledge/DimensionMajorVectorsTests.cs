using System.Numerics.Tensors;
using CopilotBot.Knowledge;

namespace CopilotBot.Tests.Knowledge;

public sealed class DimensionMajorVectorsTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.1)]
    [InlineData(0.0)]
    public void Dot_products_equal_the_row_by_row_ones_for_dense_and_sparse_queries(double density)
    {
        const int count = 37, dimensions = 64;
        var random = new Random(7);
        var rows = Enumerable.Range(0, count * dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var query = Enumerable.Range(0, dimensions).Select(_ => random.NextDouble() < density ? (float)(random.NextDouble() - 0.5) : 0f).ToArray();
        var scores = Enumerable.Repeat(99f, count + 3).ToArray();

        new DimensionMajorVectors(rows, count, dimensions).Dot(query, scores);

        for (var row = 0; row < count; row++)
        {
            Assert.Equal(TensorPrimitives.Dot(query, rows.AsSpan(row * dimensions, dimensions)), scores[row], 4);
        }

        Assert.All(scores[count..], s => Assert.Equal(99f, s));
    }
}
