using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Evaluation;

namespace CopilotBot.Tests.Knowledge;

public sealed class RetrievalEvaluatorTests
{
    [Fact]
    public void Metrics_match_a_hand_computed_example()
    {
        // Relevant x and y; x ranked 2nd, y ranked 4th.
        var (recall, reciprocal, ndcg) = RetrievalEvaluator.Score(["a", "x", "b", "y", "c", "d"], ["x", "y"]);

        Assert.Equal(1.0, recall);
        Assert.Equal(0.5, reciprocal);
        var dcg = (1 / Math.Log2(3)) + (1 / Math.Log2(5));
        var ideal = 1 + (1 / Math.Log2(3));
        Assert.Equal(dcg / ideal, ndcg, 12);

        var (missRecall, missReciprocal, missNdcg) = RetrievalEvaluator.Score(["a", "b", "c", "d", "e", "x"], ["x", "z"]);
        Assert.Equal(0.0, missRecall);
        Assert.Equal(1.0 / 6, missReciprocal, 12);
        Assert.Equal((1 / Math.Log2(7)) / (1 + (1 / Math.Log2(3))), missNdcg, 12);
    }

    [Fact]
    public async Task Evaluate_dedupes_hits_by_source_and_scores_each_mode()
    {
        var search = new ScriptedSearch(new Dictionary<SearchMode, string[]>
        {
            // The two windows of section "s1" count once, so "s2" is 2nd, not 3rd.
            [SearchMode.Keyword] = ["s1", "s1", "s2"],
            [SearchMode.Vector] = ["s3", "s2"],
            [SearchMode.Hybrid] = ["s2", "s1"],
        });
        var report = await new RetrievalEvaluator(search).EvaluateAsync([new LabelledQuery("q", "csm", ["s2"])]);

        Assert.Equal(1, report.Queries);
        Assert.Equal([0.5, 0.5, 1.0], report.Modes.Select(m => m.Mrr));
        Assert.All(report.Modes, m => Assert.Equal(1.0, m.RecallAt5));
        Assert.Empty(report.HybridMisses);
    }

    [Fact]
    public async Task A_query_labelled_with_playbooks_is_scored_on_the_playbooks_of_its_hits()
    {
        var search = new ScriptedSearch(new Dictionary<SearchMode, string[]>
        {
            // Three sections of a.md, then b.md: at playbook level b.md is 2nd, within the top 3.
            [SearchMode.Keyword] = ["playbooks/a.md#x", "playbooks/a.md#y", "playbooks/a.md#z", "playbooks/b.md#x"],
            [SearchMode.Vector] = ["playbooks/c.md#x", "playbooks/d.md#x", "playbooks/e.md#x", "playbooks/b.md#x"],
            [SearchMode.Hybrid] = ["playbooks/b.md#y"],
        });

        var report = await new RetrievalEvaluator(search).EvaluateAsync([new LabelledQuery("q", "csm", ["playbooks/b.md", "playbooks/f.md"])]);

        Assert.Equal([0.5, 0.25, 1.0], report.Modes.Select(m => m.Mrr));
        Assert.Equal([1.0, 0.0, 1.0], report.Modes.Select(m => m.TopThreeHit));
        Assert.All(report.Modes, m => Assert.Equal(0.5, m.RecallAt5));
    }

    [Fact]
    public void The_halves_are_fixed_by_the_query_text_alone()
    {
        var queries = Enumerable.Range(0, 200).Select(i => new LabelledQuery($"query {i}", "csm", ["playbooks/a.md"])).ToList();

        var heldOut = queries.Count(q => q.HeldOut);

        Assert.InRange(heldOut, 70, 130);
        Assert.Equal(queries[7].HeldOut, (queries[7] with { Persona = "sales", Relevant = ["playbooks/b.md"], Writer = "blind" }).HeldOut);
        Assert.True(queries[0].PlaybookLevel);
        Assert.False(new LabelledQuery("q", null, ["playbooks/a.md#x"]).PlaybookLevel);
    }

    [Fact]
    public async Task Persona_filtering_passes_each_query_persona_to_the_search()
    {
        var search = new ScriptedSearch(new Dictionary<SearchMode, string[]>
        {
            [SearchMode.Keyword] = ["s1"],
            [SearchMode.Vector] = ["s1"],
            [SearchMode.Hybrid] = ["s1"],
        });

        await new RetrievalEvaluator(search).EvaluateAsync([new LabelledQuery("q", "sales", ["s1"]), new LabelledQuery("r", null, ["s1"])], filterByPersona: true);
        await new RetrievalEvaluator(search).EvaluateAsync([new LabelledQuery("q", "sales", ["s1"])]);

        Assert.Equal(
            ["sales", "-", "sales", "-", "sales", "-", "-", "-", "-"],
            search.Requests.Select(r => r.Filter?.Personas?.Single() ?? "-"));
    }

    [Fact]
    public async Task Labelled_set_lines_are_read_and_bad_lines_reported_with_their_number()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, """{"query": "champion left", "persona": "csm", "relevant": ["playbooks/a.md#x"]}""" + "\n\n" + """{"query": "no labels"}""" + "\n");
            var error = await Assert.ThrowsAsync<FormatException>(() => RetrievalEvaluator.ReadLabelledSetAsync(path));
            Assert.Contains(":3:", error.Message, StringComparison.Ordinal);

            await File.WriteAllTextAsync(path, """{"query": "champion left", "persona": "csm", "relevant": ["playbooks/a.md#x"]}""" + "\n");
            var query = Assert.Single(await RetrievalEvaluator.ReadLabelledSetAsync(path));
            Assert.Equal(["playbooks/a.md#x"], query.Relevant);
            Assert.Equal("csm", query.Persona);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class ScriptedSearch(Dictionary<SearchMode, string[]> sources) : IPlaybookSearch
    {
        public List<SearchRequest> Requests { get; } = [];

        public Task<IReadOnlyList<PlaybookHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult<IReadOnlyList<PlaybookHit>>(sources[request.Mode]
                .Select((s, i) => new PlaybookHit($"{s}~{i}", s, "T", [], "text", 1.0 / (i + 1), [], [], []))
                .ToList());
        }
    }
}
