using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CopilotBot.Knowledge.Evaluation;

/// <summary>
/// One labelled query: the sources a good answer would cite, either passages (<c>playbooks/x.md#anchor</c>) or whole
/// playbooks (<c>playbooks/x.md</c>, for a set labelled at playbook level). <see cref="Writer"/> says who wrote it
/// (<c>blind</c>: someone who saw only the playbooks' titles and one-line purposes).
/// </summary>
public sealed record LabelledQuery(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("persona")] string? Persona,
    [property: JsonPropertyName("relevant")] IReadOnlyList<string> Relevant,
    [property: JsonPropertyName("writer")] string? Writer = null)
{
    /// <summary>Whether the labels name whole playbooks rather than sections.</summary>
    [JsonIgnore]
    public bool PlaybookLevel => Relevant.All(r => !r.Contains('#', StringComparison.Ordinal));

    /// <summary>
    /// The half a query belongs to, fixed once by its own text (the first byte of the SHA-256 of its UTF-8, even: the
    /// tuning half, odd: held out), so no query can be moved between halves and adding queries moves none.
    /// </summary>
    [JsonIgnore]
    public bool HeldOut => (SHA256.HashData(Encoding.UTF8.GetBytes(Query))[0] & 1) == 1;
}

/// <summary>
/// Mean scores of one search mode over the labelled set. <see cref="TopThreeHit"/>: the share of queries with a
/// relevant source among the first three.
/// </summary>
public sealed record ModeScores(SearchMode Mode, double RecallAt5, double Mrr, double NdcgAt10, double MeanMilliseconds, double TopThreeHit = 0);

/// <summary>Retrieval quality per mode, and the queries hybrid search served worst (for tuning by inspection).</summary>
public sealed record RetrievalReport(int Queries, IReadOnlyList<ModeScores> Modes, IReadOnlyList<QueryMiss> HybridMisses);

/// <summary>A query whose relevant sources hybrid search did not all put in its top 5.</summary>
public sealed record QueryMiss(string Query, IReadOnlyList<string> Missing, IReadOnlyList<string> Retrieved);

/// <summary>
/// Scores playbook search against a labelled set (JSON lines of <see cref="LabelledQuery"/>): recall@5, MRR
/// (within the first 10), nDCG@10 with binary relevance and the top-3 hit rate, for keyword-only, vector-only and
/// hybrid search. Hits are de-duplicated by source first, since several windows of one long section cite the same
/// anchor; a query labelled with whole playbooks is scored on the playbooks of the hits, in rank order.
/// </summary>
public sealed class RetrievalEvaluator(IPlaybookSearch search)
{
    private const int Depth = 10;

    /// <summary>Reads a labelled set; a malformed line is reported with its number.</summary>
    /// <exception cref="FormatException">A line is not a labelled query.</exception>
    public static async Task<IReadOnlyList<LabelledQuery>> ReadLabelledSetAsync(string path, CancellationToken cancellationToken = default)
    {
        var queries = new List<LabelledQuery>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            LabelledQuery? query;
            try
            {
                query = JsonSerializer.Deserialize<LabelledQuery>(line);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{number}: {e.Message}", e);
            }

            if (query is null || string.IsNullOrWhiteSpace(query.Query) || query.Relevant is not { Count: > 0 })
            {
                throw new FormatException($"{path}:{number}: needs \"query\" and a non-empty \"relevant\" list.");
            }

            queries.Add(query);
        }

        return queries;
    }

    /// <summary>
    /// Evaluates every mode over <paramref name="queries"/>; with <paramref name="filterByPersona"/> each query only
    /// searches playbooks written for its persona, as the copilot does for a user of that role.
    /// </summary>
    public async Task<RetrievalReport> EvaluateAsync(IReadOnlyList<LabelledQuery> queries, bool filterByPersona = false, CancellationToken cancellationToken = default)
    {
        var modes = new List<ModeScores>();
        var misses = new List<QueryMiss>();
        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Vector, SearchMode.Hybrid })
        {
            double recall = 0, mrr = 0, ndcg = 0, milliseconds = 0, topThree = 0;
            foreach (var query in queries)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                // Ask for more than scored: de-duplication by source can shrink the list.
                var filter = filterByPersona && !string.IsNullOrWhiteSpace(query.Persona) ? new PlaybookFilter(Personas: [query.Persona]) : null;
                var hits = await search.SearchAsync(new SearchRequest(query.Query, Depth * 3, filter, mode), cancellationToken).ConfigureAwait(false);
                milliseconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var ranked = hits.Select(h => query.PlaybookLevel ? PlaybookOf(h.Source) : h.Source).Distinct(StringComparer.Ordinal).Take(Depth).ToList();
                var scores = Score(ranked, query.Relevant);
                if (ranked.Take(3).Any(query.Relevant.Contains)) topThree++;
                recall += scores.RecallAt5;
                mrr += scores.ReciprocalRank;
                ndcg += scores.NdcgAt10;
                if (mode == SearchMode.Hybrid && scores.RecallAt5 < 1)
                {
                    misses.Add(new QueryMiss(query.Query, query.Relevant.Except(ranked.Take(5)).ToList(), ranked.Take(5).ToList()));
                }
            }

            var n = Math.Max(1, queries.Count);
            modes.Add(new ModeScores(mode, recall / n, mrr / n, ndcg / n, milliseconds / n, topThree / n));
        }

        return new RetrievalReport(queries.Count, modes, misses);
    }

    /// <summary>The playbook a source cites: <c>playbooks/x.md</c> of <c>playbooks/x.md#anchor</c>.</summary>
    public static string PlaybookOf(string source)
    {
        var anchor = source.IndexOf('#', StringComparison.Ordinal);
        return anchor < 0 ? source : source[..anchor];
    }

    /// <summary>The three measures for one ranked list of distinct sources.</summary>
    public static (double RecallAt5, double ReciprocalRank, double NdcgAt10) Score(IReadOnlyList<string> ranked, IReadOnlyCollection<string> relevant)
    {
        var wanted = relevant.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) return (0, 0, 0);
        var recall = (double)ranked.Take(5).Count(wanted.Contains) / wanted.Count;
        var firstHit = ranked.Take(Depth).ToList().FindIndex(wanted.Contains);
        var reciprocal = firstHit < 0 ? 0 : 1.0 / (firstHit + 1);
        double dcg = 0, ideal = 0;
        for (var i = 0; i < Math.Min(Depth, ranked.Count); i++)
        {
            if (wanted.Contains(ranked[i])) dcg += 1 / Math.Log2(i + 2);
        }

        for (var i = 0; i < Math.Min(Depth, wanted.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return (recall, reciprocal, dcg / ideal);
    }
}
