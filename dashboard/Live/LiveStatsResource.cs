using Observatory.Stats;

namespace Observatory.Dashboard.Live;

/// <summary>
/// The <c>live-stats.json</c> contract, a <c>stats</c> event: the few figures of <c>/api/v1/stats</c> the
/// stat cards and charts draw, so a browser receives about 200 bytes a second instead of the whole document.
/// </summary>
public sealed record LiveStatsResource(DateTimeOffset GeneratedAt, double CompletedPerSecond, double StartedPerSecond, LatencyP95Resource P95Ms)
{
    public static LiveStatsResource From(ClusterStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var latency = stats.Latency;
        return new(
            stats.GeneratedAt,
            stats.Throughput.CompletedPerSecond,
            stats.Throughput.StartedPerSecond,
            new LatencyP95Resource(latency.QueueWait.P95Ms, latency.RunTime.P95Ms, latency.SubmitToDone.P95Ms));
    }
}

/// <summary>The 95th percentiles in milliseconds, null while there is no sample.</summary>
public sealed record LatencyP95Resource(double? QueueWait, double? RunTime, double? SubmitToDone);
