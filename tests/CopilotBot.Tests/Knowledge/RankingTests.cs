using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;

namespace CopilotBot.Tests.Knowledge;

public sealed class RankingTests
{
    internal static PlaybookRecord Record(string id, string text, string title = "T", IReadOnlyList<string>? headings = null, IReadOnlyList<string>? risks = null) => new()
    {
        Id = id,
        File = "playbooks/t.md",
        FileHash = "h",
        Source = "playbooks/t.md#" + id,
        Title = title,
        HeadingPath = headings ?? [],
        Text = text,
        Risks = risks ?? [],
        Vector = new float[] { 1, 0 },
    };

    [Fact]
    public void Bm25_prefers_more_occurrences_rarer_terms_and_shorter_passages()
    {
        var records = new[]
        {
            Record("a", "renewal renewal renewal meeting"),
            Record("b", "renewal meeting agenda notes"),
            Record("c", "meeting meeting agenda escalation"),
            Record("d", "renewal meeting " + string.Join(' ', Enumerable.Repeat("filler", 200))),
        };
        var index = KeywordIndex.Build(records, new KeywordIndex.Settings());

        Assert.Equal(["a", "b", "d"], index.Search("renewal", 10).Select(h => records[h.Index].Id));
        // "escalation" is in one passage, "meeting" in all four: the rare word decides.
        Assert.Equal("c", records[index.Search("escalation meeting", 10)[0].Index].Id);
        Assert.Empty(index.Search("nothing matches", 10));
    }

    [Fact]
    public void Bm25_counts_headings_and_title_more_than_body_text()
    {
        var records = new[]
        {
            Record("body", "how to handle a pricing objection on the call", title: "Calls"),
            Record("heading", "how to handle it on the call", title: "Calls", headings: ["Calls", "Pricing objection"]),
        };
        var index = KeywordIndex.Build(records, new KeywordIndex.Settings());

        Assert.Equal("heading", records[index.Search("pricing objection", 2)[0].Index].Id);
    }

    [Fact]
    public void Bm25_matches_synonym_concepts_below_literal_words()
    {
        var records = new[]
        {
            Record("literal", "the champion quit last week"),
            Record("synonym", "the sponsor left last week"),
            Record("neither", "pricing discount for the renewal"),
        };

        var withConcepts = KeywordIndex.Build(records, new KeywordIndex.Settings());
        var literalOnly = KeywordIndex.Build(records, new KeywordIndex.Settings(ConceptWeight: 0));

        Assert.Equal(["literal", "synonym"], withConcepts.Search("champion quit", 5).Select(h => records[h.Index].Id));
        Assert.Equal(["literal"], literalOnly.Search("champion quit", 5).Select(h => records[h.Index].Id));
    }

    [Fact]
    public void Bm25_applies_the_include_filter()
    {
        var records = new[] { Record("a", "adoption adoption"), Record("b", "adoption") };
        var index = KeywordIndex.Build(records, new KeywordIndex.Settings());

        Assert.Equal(["b"], index.Search("adoption", 5, doc => records[doc].Id == "b").Select(h => records[h.Index].Id));
    }

    [Fact]
    public void Reciprocal_rank_fusion_adds_one_over_k_plus_rank()
    {
        var a = Record("a", "");
        var b = Record("b", "");
        var c = Record("c", "");
        IReadOnlyList<(PlaybookRecord, double)> keyword = [(a, 9.0), (b, 5.0)];
        IReadOnlyList<(PlaybookRecord, double)> vector = [(b, 0.9), (c, 0.8), (a, 0.1)];

        var fused = ReciprocalRankFusion.Fuse([keyword, vector], k: 60, top: 3);

        // b: 1/62 + 1/61, a: 1/61 + 1/63, c: 1/62.
        Assert.Equal(["b", "a", "c"], fused.Select(f => f.Record.Id));
        Assert.Equal((1.0 / 62) + (1.0 / 61), fused[0].Score, 12);
        Assert.Equal((1.0 / 61) + (1.0 / 63), fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
        Assert.Equal(2, ReciprocalRankFusion.Fuse([keyword, vector], 60, top: 2).Count);
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 50)]
    [InlineData(7, 50)]
    [InlineData(50, 50)]
    [InlineData(300, 50)]
    [InlineData(40, 5_000)]
    public void Top_k_keeps_the_best_pairs_best_first_ties_to_the_lower_index(int k, int offered)
    {
        var random = new Random(k * 31 + offered);
        // Few distinct scores, so that many pairs tie and the index must decide.
        var pairs = Enumerable.Range(0, offered).Select(i => (Index: i, Score: random.Next(0, 12) / 4f)).OrderBy(_ => random.Next()).ToList();
        var best = new CopilotBot.Knowledge.TopK(k);

        foreach (var (index, score) in pairs) best.Offer(index, score);

        var expected = pairs.OrderByDescending(p => p.Score).ThenBy(p => p.Index).Take(k).ToList();
        Assert.Equal(expected, best.Drain());
        Assert.Empty(best.Drain());
    }
}
