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

public sealed class CentredSearchTests
{
    [Fact]
    public async Task A_centred_search_ranks_and_scores_like_a_search_with_the_centred_vector()
    {
        using var folder = new CopilotBot.Tests.Storage.TempDirectory();
        var random = new Random(11);
        var collection = (CopilotBot.Knowledge.Storage.EmbeddedPlaybookCollection)new CopilotBot.Knowledge.Storage.EmbeddedVectorStore(folder.Path)
            .GetCollection<string, CopilotBot.Knowledge.Storage.PlaybookRecord>("playbooks");
        await collection.EnsureCollectionExistsAsync();
        var records = Enumerable.Range(0, 200).Select(i => new CopilotBot.Knowledge.Storage.PlaybookRecord
        {
            Id = $"p{i:D3}", File = "f.md", FileHash = "h", Source = $"f.md#s{i}", Title = "t", Text = "x",
            Vector = Enumerable.Range(0, 48).Select(_ => (float)random.NextDouble()).ToArray(),
        }).ToList();
        await collection.UpsertAsync(records);
        var query = Enumerable.Range(0, 48).Select(d => d % 5 == 0 ? (float)random.NextDouble() : 0f).ToArray();
        var stored = await collection.GetAsync(r => true, 1000, new Microsoft.Extensions.VectorData.FilteredRecordRetrievalOptions<CopilotBot.Knowledge.Storage.PlaybookRecord> { IncludeVectors = true }).ToListAsync();
        var mean = new float[48];
        foreach (var r in stored) TensorPrimitives.Add(mean, r.Vector.Span, mean);
        TensorPrimitives.Divide(mean, stored.Count, mean);
        var centred = query.ToArray();
        TensorPrimitives.MultiplyAdd(mean, -0.5f, centred, centred);

        var expected = await collection.SearchAsync(centred, 10).ToListAsync();
        var actual = collection.SearchCentred(query, 0.5f, 10, CopilotBot.Knowledge.Storage.RecordFilter.From(null));

        Assert.Equal(expected.Select(e => e.Record.Id), actual.Select(a => a.Record.Id));
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Score!.Value, pair.Second.Score, 4));
    }
}
