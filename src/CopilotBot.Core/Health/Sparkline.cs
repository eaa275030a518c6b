namespace CopilotBot.Core.Health;

/// <summary>Scores 0-100 as a row of Unicode blocks, one per point, for tables, chat text and cards.</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>Points an account's range apart at the least, so a steady score draws a flat line, not a solid bar.</summary>
    private const int MinimumSpan = 20;

    /// <summary>
    /// Scaled to the series' own range (widened to <see cref="MinimumSpan"/> points and kept within 0-100), because
    /// what a reader looks for is the shape: steady, sliding or recovering.
    /// </summary>
    public static string Render(IEnumerable<int> scores)
    {
        var points = scores.Select(s => Math.Clamp(s, 0, 100)).ToList();
        if (points.Count == 0)
        {
            return string.Empty;
        }

        var low = points.Min();
        var high = points.Max();
        var widen = Math.Max(0, MinimumSpan - (high - low));
        low = Math.Max(0, low - (widen / 2));
        high = Math.Min(100, Math.Max(high + (widen - (widen / 2)), low + MinimumSpan));
        low = Math.Min(low, high - MinimumSpan);
        return string.Concat(points.Select(score => Blocks[(score - low) * (Blocks.Length - 1) / (high - low)]));
    }
}
