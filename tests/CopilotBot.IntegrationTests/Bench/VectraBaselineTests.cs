using CopilotBot.Cli.Bench;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Bench;

/// <summary>vectra-bench.mjs through <see cref="VectraBaseline"/>, on chunks whose vectors are axes of an 8-dimensional space.</summary>
public sealed class VectraBaselineTests(ITestOutputHelper output)
{
    internal const string Baselines = "../../src/CopilotBot.Cli/Bench/baselines";

    // c6 and c7 are two windows of one section; every other chunk is a section of its own.
    private static readonly BenchChunk[] Chunks =
    [
        Chunk(0, "playbooks/a.md#kickoff", "kickoff agenda with the executive sponsor"),
        Chunk(1, "playbooks/a.md#success-plan", "success plan outcomes and milestones"),
        Chunk(2, "playbooks/champion-loss.md#first-30-days", "champion left: map the new stakeholders"),
        Chunk(3, "playbooks/champion-loss.md#talk-track", "talk track for the new champion"),
        Chunk(4, "playbooks/renewal.md#pricing", "pricing objections at renewal"),
        Chunk(5, "playbooks/zeppelin.md#airship", "zeppelin airship hangar logistics"),
        Chunk(6, "playbooks/adoption.md#usage-drop", "usage dropped after the migration"),
        Chunk(7, "playbooks/adoption.md#usage-drop", "usage drop diagnosis continued"),
    ];

    private static string Folder => NodeModulesFactAttribute.Folder(Baselines);

    [NodeModulesFact(Baselines)]
    public async Task The_nearest_chunk_comes_first_and_recall_is_scored_by_section_like_our_search()
    {
        BenchQuery[] queries =
        [
            // Nearest c2, then c3.
            new("new stakeholders", Vector((2, 0.9f), (3, 0.3f)), ["playbooks/champion-loss.md#first-30-days"]),
            // c6 and c7 count once: the second relevant section, c0, is then 2nd of the distinct sections.
            new("usage drop", Vector((6, 0.7f), (7, 0.6f), (0, 0.3f)), ["playbooks/adoption.md#usage-drop", "playbooks/a.md#kickoff"]),
            // c4 is orthogonal to this vector and five chunks are nearer: a miss.
            new("pricing", Vector((1, 1f), (2, 0.5f), (3, 0.4f), (0, 0.3f), (5, 0.2f)), ["playbooks/renewal.md#pricing"]),
        ];
        using var log = new StringWriter();

        var report = await VectraBaseline.RunAsync(Chunks, queries, rounds: 3, Folder, log, CancellationToken.None, bm25Rounds: 0);

        output.WriteLine(log.ToString());
        Assert.Equal(["c2", "c3"], report.Vector.Queries[0].Ids.Take(2));
        Assert.Equal(["c6", "c7", "c0"], report.Vector.Queries[1].Ids.Take(3));
        Assert.Equal(["c1", "c2", "c3", "c0", "c5"], report.Vector.Queries[2].Ids.Take(5));
        Assert.Equal([1.0, 1.0, 0.0], report.Vector.Queries.Select(q => q.RecallAt5));
        Assert.Equal(2.0 / 3, report.Vector.RecallAt5, 6);
        Assert.Equal(3 * queries.Length, report.Vector.Searches);
        Assert.True(report.Vector.P50Ms > 0 && report.Vector.P50Ms <= report.Vector.P99Ms, $"p50 {report.Vector.P50Ms} p99 {report.Vector.P99Ms}");
        Assert.True(report.IndexSeconds > 0);
        Assert.StartsWith("0.15.", report.Version, StringComparison.Ordinal);
        Assert.Null(report.Bm25);
    }

    [NodeModulesFact(Baselines)]
    public async Task Its_bm25_mode_appends_the_keyword_match_the_vectors_missed_query_after_query()
    {
        BenchQuery[] queries =
        [
            // The vector points at c2 and c3; only c5 has the words.
            new("zeppelin hangar", Vector((2, 0.9f), (3, 0.3f)), ["playbooks/zeppelin.md#airship"]),
            new("pricing", Vector((4, 1f)), ["playbooks/renewal.md#pricing"]),
        ];
        using var log = new StringWriter();

        // 21 rounds: vectra makes a winkNLP per query, and the model it loads breaks on the 21st unless
        // vectra-bench.mjs works around it.
        var report = await VectraBaseline.RunAsync(Chunks, queries, rounds: 1, Folder, log, CancellationToken.None, top: 2, bm25Rounds: 21, bm25Queries: 1);

        output.WriteLine(log.ToString());
        Assert.Equal(["c2", "c3"], report.Vector.Queries[0].Ids);
        Assert.Equal(0.5, report.Vector.RecallAt5);
        Assert.True(report.Bm25 is not null, report.Bm25Error);
        Assert.Equal(21, report.Bm25.Searches);
        var only = Assert.Single(report.Bm25.Queries);
        Assert.Equal(["c2", "c3", "c5"], only.Ids);
        Assert.Equal(1, report.Bm25.RecallAt5);
    }

    [Fact]
    public void A_baselines_folder_without_node_modules_says_to_run_npm_ci_in_it()
    {
        var folder = Directory.CreateTempSubdirectory("baselines-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "package.json"), "{}");

            Assert.Null(BaselineLocator.Find(folder.FullName));
            var problem = BaselineLocator.Problem(folder.FullName);
            Assert.NotNull(problem);
            Assert.Contains(BaselineLocator.FindNode() is null ? "node is not on PATH" : "run npm ci in " + folder.FullName, problem, StringComparison.Ordinal);
            Assert.Throws<BaselineException>(() => BaselineLocator.Require(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static BenchChunk Chunk(int axis, string section, string text) => new($"c{axis}", section, text, Vector((axis, 1f)));

    private static float[] Vector(params (int Axis, float Value)[] components)
    {
        var vector = new float[8];
        foreach (var (axis, value) in components)
        {
            vector[axis] = value;
        }

        return vector;
    }
}
