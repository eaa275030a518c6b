using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace CopilotBot.Cli.Bench;

/// <summary>
/// How fast one core streams memory it only reads, measured here rather than taken from a data sheet: the physical
/// bound a pass over the portfolio's rows cannot beat.
/// </summary>
internal static class MemoryBandwidth
{
    /// <summary>The best of several sequential SIMD read passes over a buffer far larger than the caches, in bytes per second.</summary>
    public static double MeasureSingleCoreReadBytesPerSecond(int megabytes = 512, int passes = 5)
    {
        var buffer = GC.AllocateUninitializedArray<long>(megabytes * 1024 * 1024 / sizeof(long));
        for (var i = 0; i < buffer.Length; i += 512)
        {
            buffer[i] = i; // touch every page so the first timed pass does not count page faults
        }

        var best = double.MaxValue;
        var sink = 0L;
        for (var pass = 0; pass < passes; pass++)
        {
            var started = Stopwatch.GetTimestamp();
            sink += Sum(buffer);
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        GC.KeepAlive(sink);
        return buffer.Length * (double)sizeof(long) / best;
    }

    private static long Sum(long[] buffer)
    {
        var vectors = MemoryMarshal.Cast<long, Vector<long>>(buffer);
        Vector<long> a = default, b = default, c = default, d = default;
        var i = 0;
        for (; i + 4 <= vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }

        for (; i < vectors.Length; i++)
        {
            a += vectors[i];
        }

        return Vector.Sum(a + b + c + d);
    }
}
