using Observatory.Stats;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>The names of the series metrics in Redis fields, and how a bucket's counts map to them.</summary>
public static class StatsSeries
{
    public static IReadOnlyList<string> Metrics { get; } = ["started", "succeeded", "failed", "deadLettered", "cancelled", "retried"];

    public static long[] ValuesOf(SeriesCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return [counts.Started, counts.Succeeded, counts.Failed, counts.DeadLettered, counts.Cancelled, counts.Retried];
    }
}
