namespace CopilotBot.Core.Diagnostics;

/// <summary>Nearest-rank percentiles of measured latencies, the way every benchmark and evaluation here reports them.</summary>
public static class Percentiles
{
    /// <summary>The value at or below which <paramref name="p"/> (0..1] of the <paramref name="sorted"/> values lie; 0 when there are none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
