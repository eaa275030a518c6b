using System.Numerics.Tensors;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Text;
using Microsoft.Extensions.AI;

namespace CopilotBot.Tests.Knowledge;

public sealed class TextAnalysisTests
{
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("relational", "relat")]
    [InlineData("hopping", "hop")]
    [InlineData("adoption", "adopt")]
    [InlineData("renewals", "renew")]
    [InlineData("renewing", "renew")]
    [InlineData("generalizations", "gener")]
    [InlineData("sky", "sky")]
    public void Porter_stemmer_matches_the_reference_algorithm(string word, string stem) =>
        Assert.Equal(stem, PorterStemmer.Stem(word));

    [Fact]
    public void Analyzer_lowercases_drops_stop_words_and_stems()
    {
        Assert.Equal(["custom", "champion", "left", "compani", "2024"], EnglishAnalyzer.Analyze("The customer's Champion left the company in 2024!"));
    }

    [Fact]
    public void Synonym_concepts_keep_nps_apart_from_champions_and_csat()
    {
        string? Concept(string word) => CsSynonyms.ConceptOf(EnglishAnalyzer.Analyze(word).Single());

        // A promoter is an NPS score band, not a sponsor; a survey may be NPS or CSAT, so it belongs to neither.
        Assert.Equal(Concept("nps"), Concept("promoter"));
        Assert.NotEqual(Concept("champion"), Concept("promoter"));
        Assert.Null(Concept("survey"));
        Assert.Equal(Concept("competitor"), Concept("vendors"));
    }

    [Theory]
    [InlineData("they want to cut seats at renewal", "downsell")]
    [InlineData("can we move them to a lower tier", "downsell")]
    [InlineData("finance wants a business case", "roi")]
    [InlineData("the CFO asked for the return on investment", "roi")]
    [InlineData("the CFO asked for the return on investment", "finance")]
    [InlineData("the CFO asked for the return on investment", "executive")]
    [InlineData("there is a hiring freeze", "budget")]
    [InlineData("we are single threaded on the admin", "relationship")]
    public void Concepts_are_named_by_words_and_by_phrases(string text, string concept) =>
        Assert.Contains(concept, CsSynonyms.ConceptsIn(EnglishAnalyzer.Analyze(text)));

    [Fact]
    public void A_phrase_needs_its_words_in_order_and_side_by_side()
    {
        Assert.DoesNotContain("downsell", CsSynonyms.ConceptsIn(EnglishAnalyzer.Analyze("seats were cut")));
        Assert.DoesNotContain("roi", CsSynonyms.ConceptsIn(EnglishAnalyzer.Analyze("the case for the business")));
    }

    [Fact]
    public void Every_listed_phrase_keeps_at_least_two_words_after_stop_words_go()
    {
        // "no reply" would shrink to "reply" and tie every reply to silence; such an entry is a mistake.
        var collapsed = CsSynonyms.Entries
            .Where(e => EnglishAnalyzer.Tokenize(e).Count() > 1 && EnglishAnalyzer.Analyze(e).Count < 2)
            .ToList();

        Assert.Empty(collapsed);
    }

    [Fact]
    public async Task Offline_embeddings_are_deterministic_and_unit_length()
    {
        const string text = "Executive sponsor left; usage is dropping before the renewal.";
        var first = await new OfflineEmbeddingGenerator().GenerateVectorAsync(text);
        var second = await new OfflineEmbeddingGenerator().GenerateVectorAsync(text);

        Assert.Equal(OfflineEmbeddingGenerator.DefaultDimensions, first.Length);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(1f, TensorPrimitives.Norm(first.Span), 3);
        Assert.Equal(0f, TensorPrimitives.Norm(new OfflineEmbeddingGenerator().Embed("the and of")));
    }

    [Fact]
    public void Offline_embeddings_place_paraphrases_closer_than_unrelated_text()
    {
        var embedder = new OfflineEmbeddingGenerator();
        var query = embedder.Embed("our champion quit");
        var paraphrase = embedder.Embed("The executive sponsor left the company last month.");
        var unrelated = embedder.Embed("Offer a discount on pricing for a longer contract term.");

        Assert.True(
            TensorPrimitives.CosineSimilarity(query, paraphrase) > TensorPrimitives.CosineSimilarity(query, unrelated) + 0.1f,
            "synonym concepts should bring 'quit' and 'left', 'champion' and 'sponsor' together");
    }

    [Fact]
    public void Offline_embedder_reports_its_model_and_size()
    {
        IEmbeddingGenerator<string, Embedding<float>> embedder = new OfflineEmbeddingGenerator(256);
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(OfflineEmbeddingGenerator.ProviderName, metadata?.ProviderName);
        Assert.Equal(256, metadata?.DefaultModelDimensions);
        // The concept lists shape every vector: editing them must look like a new model, so the index is rebuilt.
        Assert.EndsWith("-" + CsSynonyms.Fingerprint, metadata?.DefaultModelId, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{8}$", CsSynonyms.Fingerprint);
    }
}
