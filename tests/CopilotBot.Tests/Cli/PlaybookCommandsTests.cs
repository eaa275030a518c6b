using System.Text.Json;
using CopilotBot.Cli;
using CopilotBot.Tests.Knowledge;

namespace CopilotBot.Tests.Cli;

/// <summary><c>copilot index</c>, <c>search</c> and <c>eval</c> run in-process against a temporary data folder.</summary>
public sealed class PlaybookCommandsTests : IDisposable
{
    private readonly PlaybookFixtures _fixtures = new();

    private string Data => Path.Combine(_fixtures.Root, "data");

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public async Task Index_reports_what_changed_and_broken_playbooks_as_file_line_errors_with_exit_2()
    {
        _fixtures.Write("broken.md", "---\ntitle: Broken\nrisks: [adoption\n---\n# Broken\n## Section\ntext\n");

        var first = await RunAsync("index", _fixtures.Playbooks, "--data", Data);
        var second = await RunAsync("index", _fixtures.Playbooks, "--data", Data);
        _fixtures.Delete("broken.md");
        _fixtures.Delete("low-adoption.md");
        var third = await RunAsync("index", _fixtures.Playbooks, "--data", Data, "--json");

        Assert.Equal(2, first.Exit);
        Assert.Contains("playbooks/broken.md:3: the list for 'risks' is not closed with ']'", first.Error);
        Assert.Contains("3 added, 0 updated, 0 removed, 0 unchanged, 1 with errors", first.Out);
        Assert.Equal(2, second.Exit);
        Assert.Contains("0 added, 0 updated, 0 removed, 3 unchanged", second.Out);
        Assert.Equal(0, third.Exit);
        using var json = JsonDocument.Parse(third.Out);
        Assert.Equal(1, json.RootElement.GetProperty("removed").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Empty(json.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Index_of_a_missing_folder_is_not_found()
    {
        var result = await RunAsync("index", Path.Combine(_fixtures.Root, "nowhere"), "--data", Data);

        Assert.Equal(3, result.Exit);
        Assert.Contains("does not exist", result.Error);
    }

    [Fact]
    public async Task Search_lists_passages_with_score_source_section_and_excerpt_and_honours_mode_and_filters()
    {
        await RunAsync("index", _fixtures.Playbooks, "--data", Data);

        var table = await RunAsync("search", "sponsor left the company", "--data", Data, "--top", "3");
        var json = await RunAsync("search", "discount for the renewal", "--data", Data, "--json", "--mode", "keyword");
        var filtered = await RunAsync("search", "renewal discount and weekly active users", "--data", Data, "--json", "--persona", "csm", "--top", "10");
        var badMode = await RunAsync("search", "x", "--data", Data, "--mode", "psychic");

        Assert.Equal(0, table.Exit);
        Assert.Contains("playbooks/champion-loss.md#first-30-days", table.Out);
        Assert.Contains("Champion loss > First 30 days", table.Out);
        Assert.Contains("Identify a new champion quickly.", table.Out);
        using var hits = JsonDocument.Parse(json.Out);
        Assert.Equal("keyword", hits.RootElement.GetProperty("mode").GetString());
        var first = hits.RootElement.GetProperty("hits")[0];
        Assert.StartsWith("playbooks/renewal-pricing.md#", first.GetProperty("source").GetString());
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.True(first.GetProperty("score").GetDouble() > 0);
        using var csm = JsonDocument.Parse(filtered.Out);
        Assert.NotEmpty(csm.RootElement.GetProperty("hits").EnumerateArray());
        Assert.All(csm.RootElement.GetProperty("hits").EnumerateArray(), h => Assert.DoesNotContain("renewal-pricing", h.GetProperty("source").GetString()));
        Assert.Equal(2, badMode.Exit);
    }

    [Fact]
    public async Task Search_on_an_empty_index_indexes_the_shipped_library_first_and_says_so()
    {
        var result = await RunAsync("search", "our champion just quit, what now", "--data", Data, "--json");

        Assert.Equal(0, result.Exit);
        Assert.Contains("index is empty", result.Error);
        using var hits = JsonDocument.Parse(result.Out);
        Assert.StartsWith("playbooks/champion-loss.md#", hits.RootElement.GetProperty("hits")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Eval_reports_recall_mrr_and_ndcg_per_mode_and_half_as_a_table_and_as_json()
    {
        await RunAsync("index", _fixtures.Playbooks, "--data", Data);
        var queries = Path.Combine(_fixtures.Root, "queries.jsonl");
        File.WriteAllLines(queries,
        [
            """{"query": "the sponsor left, who is the successor", "persona": "csm", "relevant": ["playbooks/champion-loss.md#first-30-days"]}""",
            """{"query": "enablement workshops to relaunch usage", "persona": "csm", "relevant": ["playbooks/low-adoption.md#re-launch-plan"]}""",
        ]);

        var table = await RunAsync("eval", "--queries", queries, "--data", Data);
        var json = await RunAsync("eval", "--queries", queries, "--data", Data, "--json", "--misses");
        var missing = await RunAsync("eval", "--queries", Path.Combine(_fixtures.Root, "none.jsonl"), "--data", Data);

        Assert.Equal(0, table.Exit);
        Assert.Contains("recall@5", table.Out);
        Assert.Contains("hybrid", table.Out);
        Assert.Contains("first 5 distinct ones", table.Out);
        Assert.Contains("held-out half", table.Out);
        using var report = JsonDocument.Parse(json.Out);
        var sets = report.RootElement.GetProperty("retrieval").GetProperty("sets").EnumerateArray().ToList();
        var retrieval = sets.Single(s => s.GetProperty("part").GetString() == "all");
        Assert.Equal(2, retrieval.GetProperty("queries").GetInt32());
        Assert.Equal("section", retrieval.GetProperty("level").GetString());
        // Each query sits in one half, fixed by its text: the halves' counts add up to the whole.
        Assert.Equal(2, sets.Where(s => s.GetProperty("part").GetString() is "tuning half" or "held-out half").Sum(s => s.GetProperty("queries").GetInt32()));
        var modes = retrieval.GetProperty("modes").EnumerateArray().ToDictionary(m => m.GetProperty("mode").GetString()!);
        Assert.Equal(["keyword", "vector", "hybrid"], modes.Keys);
        Assert.Equal(1.0, modes["hybrid"].GetProperty("recallAt5").GetDouble());
        Assert.Equal(1.0, modes["hybrid"].GetProperty("mrr").GetDouble());
        Assert.Empty(retrieval.GetProperty("misses").EnumerateArray());
        // No portfolio imported: the drafting section is there, with nothing drafted.
        Assert.Equal(0, report.RootElement.GetProperty("drafting").GetProperty("drafts").GetInt32());
        Assert.Contains("copilot import", table.Out);
        Assert.Equal(3, missing.Exit);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var plain = CliOutput.Plain(output, error);
        plain.Console.Profile.Width = 250; // as Program does for a pipe: one table row per line
        var exit = await CopilotCli.RunAsync(args, plain);
        return (exit, output.ToString(), error.ToString());
    }
}
