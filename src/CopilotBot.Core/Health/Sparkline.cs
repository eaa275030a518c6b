namespace CopilotBot.Core.Health;

/// <summary>Scores 0-100 as a row of Unicode blocks, one per point, for tables, chat text and cards.</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Render(IEnumerable<int> scores) =>
        string.Concat(scores.Select(score => Blocks[Math.Clamp(score, 0, 100) * (Blocks.Length - 1) / 100]));
}
