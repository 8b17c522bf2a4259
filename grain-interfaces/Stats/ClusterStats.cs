namespace Observatory.Stats;

/// <summary>The cluster's statistics, as <c>GET /api/v1/stats</c> answers them.</summary>
/// <param name="GeneratedAt">When the stats grain merged them.</param>
/// <param name="Tasks">Tasks by status, from PostgreSQL (the truth).</param>
/// <param name="Events">Events the active silos' feeds saw since they started (plus those of silos that left while this grain lived), by event type.</param>
/// <param name="Types">How tasks ended, by task type: the top <see cref="StatsLimits.MaxTaskTypes"/> by volume, the rest under <see cref="StatsLimits.OtherType"/>.</param>
/// <param name="Throughput">Rolling rates over the active silos' feeds.</param>
/// <param name="Latency">Latency percentiles over everything the feeds saw.</param>
/// <param name="LastEventAt">When the newest event any silo saw occurred.</param>
/// <param name="Silos">Each active silo's last snapshot: how fresh the figures are.</param>
/// <param name="RecentLatency">Latency of the last minute and of the last settled second; null from a stats grain older than this field.</param>
[GenerateSerializer]
[Alias("observatory.stats.cluster-stats")]
public sealed record ClusterStats(
    [property: Id(0)] DateTimeOffset GeneratedAt,
    [property: Id(1)] StatusCounts Tasks,
    [property: Id(2)] IReadOnlyDictionary<string, long> Events,
    [property: Id(3)] IReadOnlyDictionary<string, OutcomeCounts> Types,
    [property: Id(4)] Throughput Throughput,
    [property: Id(5)] LatencyStats Latency,
    [property: Id(6)] DateTimeOffset? LastEventAt,
    [property: Id(7)] IReadOnlyList<SiloFreshness> Silos,
    [property: Id(8)] RecentLatency? RecentLatency);

/// <summary>Tasks by status from PostgreSQL's sharded counters, read at <paramref name="ReadAt"/> (null until the first read succeeded).</summary>
[GenerateSerializer]
[Alias("observatory.stats.status-counts")]
public sealed record StatusCounts(
    [property: Id(0)] DateTimeOffset? ReadAt,
    [property: Id(1)] long Total,
    [property: Id(2)] IReadOnlyDictionary<string, long> ByStatus);

/// <summary>Tasks ended per second over the last 10 s and per minute over the last 15 min, with the windows' sums.</summary>
[GenerateSerializer]
[Alias("observatory.stats.throughput")]
public sealed record Throughput(
    [property: Id(0)] double CompletedPerSecond,
    [property: Id(1)] double CompletedPerMinute,
    [property: Id(2)] double StartedPerSecond,
    [property: Id(3)] IReadOnlyList<WindowSum> Windows);

/// <summary>The three latency distributions.</summary>
[GenerateSerializer]
[Alias("observatory.stats.latency-stats")]
public sealed record LatencyStats(
    [property: Id(0)] LatencySummary QueueWait,
    [property: Id(1)] LatencySummary RunTime,
    [property: Id(2)] LatencySummary SubmitToDone);

/// <summary>
/// Latency of the samples the silos reported over the last <paramref name="WindowSeconds"/> whole seconds
/// (<paramref name="Window"/>), and submit → done of the one second starting at <paramref name="SecondAt"/>
/// alone, the newest second no silo report can still add to: the figure the history keeps per second.
/// </summary>
[GenerateSerializer]
[Alias("observatory.stats.recent-latency")]
public sealed record RecentLatency(
    [property: Id(0)] int WindowSeconds,
    [property: Id(1)] LatencyStats Window,
    [property: Id(2)] DateTimeOffset SecondAt,
    [property: Id(3)] LatencySummary SecondSubmitToDone);

/// <summary>Percentiles in milliseconds (null without samples), each within the histogram's bucket error bound.</summary>
[GenerateSerializer]
[Alias("observatory.stats.latency-summary")]
public sealed record LatencySummary(
    [property: Id(0)] long Count,
    [property: Id(1)] double? P50Ms,
    [property: Id(2)] double? P95Ms,
    [property: Id(3)] double? P99Ms);

/// <summary>One active silo's last snapshot: its sequence, when it was taken and how old it is.</summary>
[GenerateSerializer]
[Alias("observatory.stats.silo-freshness")]
public sealed record SiloFreshness(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DateTimeOffset TakenAt,
    [property: Id(3)] double AgeMs,
    [property: Id(4)] long Dropped);
