using Observatory.Stats;

namespace Observatory.Dashboard.Live;

/// <summary>
/// The <c>live-stats.json</c> contract, a <c>stats</c> event: the few figures of <c>/api/v1/stats</c> the
/// stat cards and charts draw, so a browser receives about 300 bytes a second instead of the whole document.
/// <paramref name="P95MsLastMinute"/> is what the p95 card shows; <paramref name="LatencySecond"/> is the
/// latency chart's live point, the figure the history keeps per second. Both are null from an older stats grain.
/// </summary>
public sealed record LiveStatsResource(
    DateTimeOffset GeneratedAt, double CompletedPerSecond, double StartedPerSecond, LatencyP95Resource P95Ms,
    LatencyP95Resource? P95MsLastMinute, LatencySecondResource? LatencySecond)
{
    public static LiveStatsResource From(ClusterStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var recent = stats.RecentLatency;
        return new(
            stats.GeneratedAt,
            stats.Throughput.CompletedPerSecond,
            stats.Throughput.StartedPerSecond,
            LatencyP95Resource.From(stats.Latency),
            recent is null ? null : LatencyP95Resource.From(recent.Window),
            recent is null ? null : new LatencySecondResource(recent.SecondAt, recent.SecondSubmitToDone.P95Ms));
    }
}

/// <summary>The 95th percentiles in milliseconds, null while there is no sample.</summary>
public sealed record LatencyP95Resource(double? QueueWait, double? RunTime, double? SubmitToDone)
{
    public static LatencyP95Resource From(LatencyStats latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        return new(latency.QueueWait.P95Ms, latency.RunTime.P95Ms, latency.SubmitToDone.P95Ms);
    }
}

/// <summary>Submit → done p95 of the one second starting at <paramref name="At"/>; null when no task ended in it.</summary>
public sealed record LatencySecondResource(DateTimeOffset At, double? SubmitToDoneP95Ms);
