using System.Diagnostics;
using CopilotBot.Core.Diagnostics;

namespace CopilotBot.Knowledge.Evaluation;

/// <summary>Latency of warm searches in one mode, in milliseconds.</summary>
public sealed record SearchLatency(SearchMode Mode, int Searches, double Mean, double P50, double P99);

/// <summary>Times playbook searches after a warm-up pass (index loaded, code jitted), per mode, each with its query's embedding.</summary>
public static class SearchBenchmark
{
    /// <summary>Runs every query <paramref name="rounds"/> times in each mode.</summary>
    public static async Task<IReadOnlyList<SearchLatency>> RunAsync(IPlaybookSearch search, IReadOnlyList<string> queries, int rounds = 5, int top = 5, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var results = new List<SearchLatency>();
        var padded = 0;
        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Vector, SearchMode.Hybrid })
        {
            foreach (var query in queries)
            {
                await search.SearchAsync(new SearchRequest(query, top, null, mode), cancellationToken).ConfigureAwait(false);
            }

            var timings = new List<double>(queries.Count * rounds);
            for (var round = 0; round < rounds; round++)
            {
                // Trailing spaces make each timed text new to the index's memory of recent query vectors, so every
                // timed search embeds its query; no analyzer or model sees the spaces. Counted over all modes: the
                // vector mode's texts must not be remembered when the hybrid mode is timed.
                var padding = new string(' ', ++padded);
                foreach (var query in queries)
                {
                    var started = Stopwatch.GetTimestamp();
                    await search.SearchAsync(new SearchRequest(query + padding, top, null, mode), cancellationToken).ConfigureAwait(false);
                    timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            timings.Sort();
            results.Add(new SearchLatency(mode, timings.Count, timings.Count == 0 ? 0 : timings.Average(), Percentiles.Of(timings, 0.50), Percentiles.Of(timings, 0.99)));
        }

        return results;
    }
}
