using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.AI;

namespace CopilotBot.Tests.Knowledge;

public sealed class PlaybookSituationsTests : IDisposable
{
    // How the fixture playbooks' situations sound in chat. None of the words of the query below occurs in the
    // low-adoption playbook; they occur in its situations.
    private const string Situations = """
        {"text": "folks got their logins months ago but everyone still lives in spreadsheets", "playbook": "low-adoption.md"}
        {"text": "we pay for 200 licenses and maybe 30 people ever open it, spreadsheets everywhere", "playbook": "low-adoption.md"}
        {"text": "rollout happened, nobody changed how they work", "playbook": "low-adoption.md"}
        {"text": "our main contact over there just left the company", "playbook": "champion-loss.md"}
        {"text": "the guy who pushed for us got a new job", "playbook": "champion-loss.md"}
        {"text": "they want 20% off or they walk at renewal", "playbook": "renewal-pricing.md"}
        {"text": "procurement is squeezing us on the quote", "playbook": "renewal-pricing.md"}
        """;

    private const string Paraphrase = "honestly accounting still lives in spreadsheets";

    private readonly PlaybookFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    private string SituationsFile => Path.Combine(_fixtures.Root, "situations.jsonl");

    private KnowledgeOptions Options(string? situationsFile) => new() { PlaybooksDirectory = _fixtures.Playbooks, SituationsFile = situationsFile ?? string.Empty };

    private async Task<PlaybookIndex> IndexedAsync(string? situationsFile, EmbeddingCache? cache = null, IEmbeddingGenerator<string, Embedding<float>>? model = null)
    {
        var embedder = model ?? new OfflineEmbeddingGenerator();
        var options = PlaybookFixtures.Options(Options(situationsFile));
        var index = new PlaybookIndex(new EmbeddedVectorStore(_fixtures.IndexDirectory), embedder, options, cache);
        await new PlaybookIndexer(index, embedder, options).IndexAsync(_fixtures.Playbooks);
        return index;
    }

    [Fact]
    public async Task A_paraphrase_without_any_playbook_word_reaches_its_playbook_through_the_situations()
    {
        var lowAdoption = await File.ReadAllTextAsync(Path.Combine(_fixtures.Playbooks, "low-adoption.md"));
        Assert.DoesNotContain("spreadsheet", lowAdoption, StringComparison.OrdinalIgnoreCase);
        await File.WriteAllTextAsync(SituationsFile, Situations);
        using var without = await IndexedAsync(null);
        using var with = await IndexedAsync(SituationsFile);

        var before = await without.SearchAsync(new SearchRequest(Paraphrase, 3));
        var after = await with.SearchAsync(new SearchRequest(Paraphrase, 3));

        Assert.Equal(0, without.SituationCount);
        Assert.Equal(7, with.SituationCount);
        Assert.DoesNotContain("playbooks/low-adoption.md", before[0].Source, StringComparison.Ordinal);
        Assert.StartsWith("playbooks/low-adoption.md#", after[0].Source, StringComparison.Ordinal);
        // The situations rank playbooks; what is returned, and cited, are the playbooks' own passages.
        var passages = (await with.GetRecordsAsync()).Select(r => r.Text).ToHashSet(StringComparer.Ordinal);
        Assert.All(after, hit => Assert.Contains(hit.Text, passages));
    }

    [Fact]
    public async Task The_situations_leave_keyword_and_vector_search_alone_and_respect_filters()
    {
        await File.WriteAllTextAsync(SituationsFile, Situations);
        using var without = await IndexedAsync(null);
        using var with = await IndexedAsync(SituationsFile);

        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Vector })
        {
            Assert.Equal(
                (await without.SearchAsync(new SearchRequest(Paraphrase, 6, Mode: mode))).Select(h => h.Source),
                (await with.SearchAsync(new SearchRequest(Paraphrase, 6, Mode: mode))).Select(h => h.Source));
        }

        var sales = await with.SearchAsync(new SearchRequest(Paraphrase, 6, new PlaybookFilter(Personas: ["sales"])));
        Assert.NotEmpty(sales);
        Assert.All(sales, hit => Assert.StartsWith("playbooks/renewal-pricing.md#", hit.Source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_situations_are_embedded_once_through_the_embedding_cache()
    {
        await File.WriteAllTextAsync(SituationsFile, Situations);
        var cacheFolder = Path.Combine(_fixtures.Root, "cache");
        var sentences = new SentenceModel();
        using (var index = await IndexedAsync(SituationsFile, new EmbeddingCache(cacheFolder), sentences))
        {
            await index.SearchAsync(new SearchRequest(Paraphrase, 3));
        }

        var embedded = sentences.Texts;
        using (var again = await IndexedAsync(SituationsFile, new EmbeddingCache(cacheFolder), sentences))
        {
            await again.SearchAsync(new SearchRequest(Paraphrase, 3));
        }

        var model = PlaybookIndexer.CacheModel(sentences, Options(SituationsFile));
        var cache = new EmbeddingCache(cacheFolder);
        Assert.NotNull(cache.Find(model, "rollout happened, nobody changed how they work"));
        Assert.NotNull(cache.Find(model, "procurement is squeezing us on the quote"));
        // The second index found the passages and the situations cached: only the query was embedded again.
        Assert.Equal(embedded + 1, sentences.Texts);
    }

    [Fact]
    public async Task Beside_the_hashing_embedder_the_situations_rank_by_their_words_alone_and_are_not_embedded()
    {
        await File.WriteAllTextAsync(SituationsFile, Situations);
        var cacheFolder = Path.Combine(_fixtures.Root, "cache");
        using var index = await IndexedAsync(SituationsFile, new EmbeddingCache(cacheFolder));

        var hits = await index.SearchAsync(new SearchRequest(Paraphrase, 3));

        Assert.StartsWith("playbooks/low-adoption.md#", hits[0].Source, StringComparison.Ordinal);
        var model = PlaybookIndexer.CacheModel(new OfflineEmbeddingGenerator(), Options(SituationsFile));
        Assert.Null(new EmbeddingCache(cacheFolder).Find(model, "rollout happened, nobody changed how they work"));
    }

    [Theory]
    [InlineData(14, 2)]
    [InlineData(27, 4)]
    [InlineData(28, 4)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void A_playbook_is_scored_by_the_best_seventh_of_its_situations(int lines, int taken) =>
        Assert.Equal(taken, HybridWeights.SituationsTaken(lines, new HybridWeights().SituationShare));

    [Fact]
    public void An_empty_setting_or_a_missing_file_turns_the_signal_off()
    {
        var embedder = new OfflineEmbeddingGenerator();
        using var off = new PlaybookIndex(new EmbeddedVectorStore(_fixtures.IndexDirectory), embedder, PlaybookFixtures.Options(Options(null)));
        using var missing = new PlaybookIndex(new EmbeddedVectorStore(_fixtures.IndexDirectory), embedder, PlaybookFixtures.Options(Options(SituationsFile)));

        Assert.Equal(0, off.SituationCount);
        Assert.Equal(0, missing.SituationCount);
    }

    [Theory]
    [InlineData("{\"text\": \"fine\", \"playbook\": \"low-adoption.md\"}\n{\"text\": \"no closing brace\"", 2, "not a JSON object")]
    [InlineData("[\"text\", \"low-adoption.md\"]", 1, "not a JSON object")]
    [InlineData("{\"playbook\": \"low-adoption.md\"}", 1, "\"text\" must be a non-empty string")]
    [InlineData("{\"text\": \"  \", \"playbook\": \"low-adoption.md\"}", 1, "\"text\" must be a non-empty string")]
    [InlineData("{\"text\": \"they churned\", \"playbook\": \"low-adoption\"}", 1, "\"playbook\" must name a playbook file, e.g. \"low-adoption.md\"")]
    [InlineData("\n{\"text\": \"they churned\", \"playbook\": \"churn-save.md\"}", 2, "unknown playbook 'churn-save.md' (no such file in the playbook folder)")]
    public void A_bad_line_is_reported_with_its_file_and_line(string content, int line, string reason)
    {
        File.WriteAllText(SituationsFile, content);

        var error = Assert.Throws<SituationFormatException>(() => PlaybookSituations.Read(SituationsFile, PlaybookSituations.PlaybooksIn(_fixtures.Playbooks)));

        Assert.Equal(line, error.Line);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"{SituationsFile}:{line}: {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_configured_with_a_bad_situations_file_fails_when_made_not_on_a_search()
    {
        File.WriteAllText(SituationsFile, "{\"text\": \"our champion left\", \"playbook\": \"champion-loss.md\"}\n{\"text\": \"our sponsor left\", \"playbook\": \"champion-gone.md\"}\n");

        var error = Assert.Throws<SituationFormatException>(() =>
            new PlaybookIndex(new EmbeddedVectorStore(_fixtures.IndexDirectory), new OfflineEmbeddingGenerator(), PlaybookFixtures.Options(Options(SituationsFile))));

        Assert.Equal($"{SituationsFile}:2: unknown playbook 'champion-gone.md' (no such file in the playbook folder)", error.Message);
    }

    [Fact]
    public void Situations_of_another_library_turn_the_signal_off_rather_than_failing_a_library_of_ones_own()
    {
        // The shipped situations file beside a deployment's own playbooks: none of its playbooks is in the folder.
        File.WriteAllText(SituationsFile, "{\"text\": \"they churned\", \"playbook\": \"churn-save.md\"}\n{\"text\": \"our sponsor left\", \"playbook\": \"champion-gone.md\"}\n");

        using var index = new PlaybookIndex(new EmbeddedVectorStore(_fixtures.IndexDirectory), new OfflineEmbeddingGenerator(), PlaybookFixtures.Options(Options(SituationsFile)));

        Assert.Equal(0, index.SituationCount);
    }

    [Fact]
    public void The_shipped_situations_file_is_well_formed_with_no_line_twice_and_every_shipped_playbook_has_situations()
    {
        var knowledge = Path.Combine(AppContext.BaseDirectory, "knowledge");
        var playbooks = PlaybookSituations.PlaybooksIn(Path.Combine(knowledge, "playbooks"));

        var situations = PlaybookSituations.Read(Path.Combine(knowledge, "retrieval", "situations.jsonl"), playbooks);

        Assert.Equal(playbooks.Order(StringComparer.Ordinal), situations.Select(s => s.File).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(situations.Count, situations.Select(s => s.Text.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// A sentence model as the index sees one (not the hashing embedder, whose vectors are only words): the hashing
    /// vectors under another name, counting the texts it was asked to embed.
    /// </summary>
    private sealed class SentenceModel : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly OfflineEmbeddingGenerator _words = new();

        public int Texts { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var embeddings = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var value in values)
            {
                Texts++;
                embeddings.Add(new Embedding<float>(_words.Embed(value)));
            }

            return Task.FromResult(embeddings);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("sentence-model-fake", defaultModelId: "words", defaultModelDimensions: _words.Dimensions) : null;

        public void Dispose()
        {
        }
    }
}
