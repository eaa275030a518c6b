using CopilotBot.Knowledge.Storage;

namespace CopilotBot.Knowledge.Retrieval;

/// <summary>
/// Reciprocal rank fusion (Cormack et al., 2009): each list gives an item 1 / (k + rank); scores add up.
/// Ranks rather than raw scores, because BM25 and cosine similarity are on scales that do not compare.
/// </summary>
internal static class ReciprocalRankFusion
{
    /// <param name="rankings">Ranked lists, best first; an item may appear in several.</param>
    /// <param name="k">The fusion constant.</param>
    /// <param name="top">How many fused items to return.</param>
    /// <param name="weights">A weight per ranking (each 1 when none): how far that list is trusted.</param>
    public static List<(PlaybookRecord Record, double Score)> Fuse(
        IReadOnlyList<IReadOnlyList<(PlaybookRecord Record, double Score)>> rankings,
        int k,
        int top,
        IReadOnlyList<double>? weights = null)
    {
        var fused = new Dictionary<string, (PlaybookRecord Record, double Score, int BestRank)>(StringComparer.Ordinal);
        for (var list = 0; list < rankings.Count; list++)
        {
            var ranking = rankings[list];
            var weight = weights?[list] ?? 1.0;
            for (var rank = 1; rank <= ranking.Count; rank++)
            {
                var record = ranking[rank - 1].Record;
                var contribution = weight / (k + rank);
                fused[record.Id] = fused.TryGetValue(record.Id, out var seen)
                    ? (seen.Record, seen.Score + contribution, Math.Min(seen.BestRank, rank))
                    : (record, contribution, rank);
            }
        }

        var ordered = fused.Values.ToArray();
        ordered.AsSpan().Sort(default(FusedOrder));
        var result = new List<(PlaybookRecord Record, double Score)>(Math.Min(top, ordered.Length));
        foreach (var (record, score, _) in ordered.AsSpan(0, Math.Min(top, ordered.Length))) result.Add((record, score));
        return result;
    }

    /// <summary>Best first: higher fused score, then the better rank in any one list, then id.</summary>
    private readonly struct FusedOrder : IComparer<(PlaybookRecord Record, double Score, int BestRank)>
    {
        public int Compare((PlaybookRecord Record, double Score, int BestRank) x, (PlaybookRecord Record, double Score, int BestRank) y) =>
            x.Score != y.Score ? y.Score.CompareTo(x.Score)
            : x.BestRank != y.BestRank ? x.BestRank.CompareTo(y.BestRank)
            : string.CompareOrdinal(x.Record.Id, y.Record.Id);
    }
}
