using Observatory.Stats;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>The names of the series metrics in Redis fields, and how a bucket's counts map to them.</summary>
public static class StatsSeries
{
    public static IReadOnlyList<string> Metrics { get; } = ["started", "succeeded", "failed", "deadLettered", "cancelled", "retried"];

    /// <summary>Submit → done median of a bucket, in whole microseconds; absent when no task ended in it.</summary>
    public const string P50 = "p50";

    /// <summary>Submit → done 95th percentile of a bucket, in whole microseconds; absent when no task ended in it.</summary>
    public const string P95 = "p95";

    /// <summary>
    /// Integers, not decimals: a reader of the counts only (an older gateway) parses every field of the
    /// hash as an integer, and a microsecond is far below the histogram's ±4.4 % bucket error.
    /// </summary>
    public static long ToMicroseconds(double milliseconds) => (long)Math.Round(milliseconds * 1000);

    public static double ToMilliseconds(long microseconds) => microseconds / 1000.0;

    public static long[] ValuesOf(SeriesCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return [counts.Started, counts.Succeeded, counts.Failed, counts.DeadLettered, counts.Cancelled, counts.Retried];
    }
}
