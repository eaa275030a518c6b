using System.Text.Json;
using System.Text.Json.Serialization;
using CopilotBot.Knowledge.Evaluation;

namespace CopilotBot.Cli.Bench;

/// <summary>A chunk of the benchmark library. Several chunks (windows of one long section) may share a <see cref="SectionKey"/>.</summary>
/// <param name="SectionKey">The label key, as cited: <c>playbooks/champion-loss.md#talk-track</c>.</param>
internal sealed record BenchChunk(string Id, string SectionKey, string Text, float[] Vector);

/// <summary>A labelled query: its embedding (by the same embedder as the chunks) and the section keys a good answer cites.</summary>
internal sealed record BenchQuery(string Text, float[] Vector, IReadOnlyList<string> Relevant);

/// <summary>What one query got back: vectra's ranked chunk ids and their recall@5 by section.</summary>
internal sealed record VectraQueryResult(string Query, IReadOnlyList<string> Ids, double RecallAt5);

/// <summary>Latency and quality of one vectra query mode over every query.</summary>
internal sealed record VectraModeReport(
    int Searches,
    double P50Ms,
    double P99Ms,
    double MeanMs,
    double RecallAt5,
    double Mrr,
    double NdcgAt10,
    [property: JsonIgnore] IReadOnlyList<VectraQueryResult> Queries);

/// <summary>
/// vectra's LocalIndex on our chunks and queries: <see cref="Vector"/> is its vector search (<c>queryItems</c>);
/// <see cref="Bm25"/> is its BM25 mode, null when not run, with <see cref="Bm25Error"/> when vectra failed in it. That
/// mode does not fuse: it appends BM25's top k (over the chunks the vectors did not return) after the vector top k, so
/// its recall@5 is the vector search's whenever those give 5 distinct sections; only its latency and MRR/nDCG differ.
/// </summary>
internal sealed record VectraReport(
    double IndexSeconds,
    double LoadSeconds,
    string Version,
    VectraModeReport Vector,
    VectraModeReport? Bm25,
    string? Bm25Error);

/// <summary>
/// Runs <c>vectra-bench.mjs</c> on our chunks and queries and scores what it returns the way
/// <see cref="RetrievalEvaluator"/> scores our search: ids mapped to section keys, de-duplicated in rank order, first 10
/// kept, <see cref="RetrievalEvaluator.Score"/> on those. So the two recalls compare.
/// </summary>
internal static class VectraBaseline
{
    private const string Script = "vectra-bench.mjs";

    /// <summary>The depth <see cref="RetrievalEvaluator"/> scores to (MRR and nDCG at 10).</summary>
    private const int ScoredDepth = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="top">Hits asked per query; more than scored, as <see cref="RetrievalEvaluator"/> asks, since
    /// de-duplication by section shrinks the list.</param>
    /// <param name="bm25Rounds">Timed rounds of vectra's BM25 mode (0: not run).</param>
    /// <param name="bm25Queries">How many of the queries (the first ones) BM25 mode runs: it sets up its NLP model and
    /// re-tokenizes every chunk on each query, about 0.4 s per query over 179 chunks and 6 s over 5,000 here.</param>
    public static async Task<VectraReport> RunAsync(
        IReadOnlyList<BenchChunk> chunks,
        IReadOnlyList<BenchQuery> queries,
        int rounds,
        string baselinesDirectory,
        TextWriter log,
        CancellationToken cancellationToken,
        int top = ScoredDepth * 3,
        int bm25Rounds = 1,
        int bm25Queries = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            if (!sections.TryAdd(chunk.Id, chunk.SectionKey))
            {
                throw new ArgumentException($"Chunk id {chunk.Id} appears twice.", nameof(chunks));
            }
        }

        var input = Path.Combine(Path.GetTempPath(), $"vectra-bench-{Guid.NewGuid():N}.json");
        try
        {
            await WriteInputAsync(input, chunks, queries, top, rounds, bm25Rounds, Math.Min(bm25Queries, queries.Count), cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"vectra: {chunks.Count} chunks, {queries.Count} queries x {rounds} rounds (node {Script})...").ConfigureAwait(false);
            string result;
            await using (var node = NodeScript.Start(baselinesDirectory, Script, [input], log))
            {
                result = await node.ReadLineAsync(cancellationToken).ConfigureAwait(false);

                // It deletes its index folder after answering: let it, or the kill on dispose leaves it in /tmp.
                await node.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            var output = JsonSerializer.Deserialize<ScriptOutput>(result, Json)
                ?? throw new BaselineException($"{Script} printed no result.");
            var vector = Score(output.Semantic, queries, sections);
            var bm25 = output.Bm25 is { Results: not null } hybrid ? Score(hybrid, queries.Take(bm25Queries).ToList(), sections) : null;
            return new VectraReport(output.IndexSeconds, output.LoadSeconds, output.Version, vector, bm25, output.Bm25?.Error);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static VectraModeReport Score(ModeOutput mode, IReadOnlyList<BenchQuery> queries, Dictionary<string, string> sections)
    {
        if (mode.Results is not { } results || results.Count != queries.Count)
        {
            throw new BaselineException($"{Script} answered {mode.Results?.Count ?? 0} of {queries.Count} queries{(mode.Error is null ? "" : ": " + mode.Error)}.");
        }

        double recall = 0, mrr = 0, ndcg = 0;
        var perQuery = new List<VectraQueryResult>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            var ranked = results[i].Select(id => sections[id]).Distinct(StringComparer.Ordinal).Take(ScoredDepth).ToList();
            var scores = RetrievalEvaluator.Score(ranked, [.. queries[i].Relevant]);
            recall += scores.RecallAt5;
            mrr += scores.ReciprocalRank;
            ndcg += scores.NdcgAt10;
            perQuery.Add(new VectraQueryResult(queries[i].Text, results[i], scores.RecallAt5));
        }

        var n = Math.Max(1, queries.Count);
        return new VectraModeReport(mode.Samples, mode.P50Ms, mode.P99Ms, mode.MeanMs, recall / n, mrr / n, ndcg / n, perQuery);
    }

    // Streamed: 5,000 chunks of 1,024 floats are some 50 MB of JSON.
    private static async Task WriteInputAsync(
        string path, IReadOnlyList<BenchChunk> chunks, IReadOnlyList<BenchQuery> queries, int top, int rounds, int bm25Rounds, int bm25Queries, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteNumber("top", top);
        json.WriteNumber("rounds", rounds);
        json.WriteNumber("bm25Rounds", bm25Rounds);
        json.WriteNumber("bm25Queries", bm25Queries);
        json.WriteStartArray("chunks");
        foreach (var chunk in chunks)
        {
            json.WriteStartObject();
            json.WriteString("id", chunk.Id);
            json.WriteString("text", chunk.Text);
            WriteVector(json, chunk.Vector);
            json.WriteStartObject("metadata");
            json.WriteString("section", chunk.SectionKey);
            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("queries");
        foreach (var query in queries)
        {
            json.WriteStartObject();
            json.WriteString("text", query.Text);
            WriteVector(json, query.Vector);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteVector(Utf8JsonWriter json, float[] vector)
    {
        json.WriteStartArray("vector");
        foreach (var value in vector)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private sealed record ModeOutput(int Samples, double P50Ms, double P99Ms, double MeanMs, List<List<string>>? Results, string? Error);

    private sealed record ScriptOutput(string Version, double IndexSeconds, double LoadSeconds, ModeOutput Semantic, ModeOutput? Bm25);
}
