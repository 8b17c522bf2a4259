namespace Observatory.Stats;

/// <summary>
/// What one silo's pre-aggregator saw on its task event feed since it started: cumulative counters
/// (so the merge point replaces, never adds) plus its rolling windows and recent series buckets.
/// </summary>
/// <param name="Silo">The silo's address, unique per incarnation (it includes the generation).</param>
/// <param name="Sequence">Grows with every snapshot of this incarnation; a lower or equal one is stale.</param>
/// <param name="TakenAt">When the silo took it.</param>
/// <param name="Events">Events seen, by event type.</param>
/// <param name="Types">Outcomes by task type: at most <see cref="StatsLimits.MaxTaskTypes"/> types, the rest under <see cref="StatsLimits.OtherType"/>.</param>
/// <param name="QueueWait">Histogram of queue waits (on <c>task.started</c>).</param>
/// <param name="RunTime">Histogram of attempt run times.</param>
/// <param name="SubmitToDone">Histogram of submit → terminal event times.</param>
/// <param name="Windows">Rolling sums over the last 10 s, 60 s and 15 min.</param>
/// <param name="Seconds">Per-second buckets of the last few seconds, for the history series.</param>
/// <param name="Minutes">Per-minute buckets of the current and the previous minute.</param>
/// <param name="LastEventAt">When the newest event seen occurred.</param>
/// <param name="Dropped">Events the feed dropped because the aggregator fell behind.</param>
[GenerateSerializer]
[Alias("observatory.stats.silo-snapshot")]
public sealed record SiloStatsSnapshot(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DateTimeOffset TakenAt,
    [property: Id(3)] IReadOnlyDictionary<string, long> Events,
    [property: Id(4)] IReadOnlyDictionary<string, OutcomeCounts> Types,
    [property: Id(5)] LatencyBuckets QueueWait,
    [property: Id(6)] LatencyBuckets RunTime,
    [property: Id(7)] LatencyBuckets SubmitToDone,
    [property: Id(8)] IReadOnlyList<WindowSum> Windows,
    [property: Id(9)] IReadOnlyList<SeriesBucket> Seconds,
    [property: Id(10)] IReadOnlyList<SeriesBucket> Minutes,
    [property: Id(11)] DateTimeOffset? LastEventAt,
    [property: Id(12)] long Dropped);

/// <summary>The bucket counts of a latency histogram (see <c>LatencyHistogram</c> for the bucket bounds).</summary>
[GenerateSerializer]
[Alias("observatory.stats.latency-buckets")]
public sealed record LatencyBuckets([property: Id(0)] long[] Counts);

/// <summary>Events of interest over the last <paramref name="Seconds"/> seconds.</summary>
[GenerateSerializer]
[Alias("observatory.stats.window-sum")]
public sealed record WindowSum([property: Id(0)] int Seconds, [property: Id(1)] SeriesCounts Counts);

/// <summary>The counts of one series bucket, starting at <paramref name="Start"/> (Unix seconds).</summary>
[GenerateSerializer]
[Alias("observatory.stats.series-bucket")]
public sealed record SeriesBucket([property: Id(0)] long Start, [property: Id(1)] SeriesCounts Counts);

/// <summary>Attempts started and tasks ended, by outcome; <see cref="Completed"/> is every task that ended.</summary>
[GenerateSerializer]
[Alias("observatory.stats.series-counts")]
public sealed record SeriesCounts(
    [property: Id(0)] long Started,
    [property: Id(1)] long Succeeded,
    [property: Id(2)] long Failed,
    [property: Id(3)] long DeadLettered,
    [property: Id(4)] long Cancelled,
    [property: Id(5)] long Retried)
{
    public static SeriesCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public long Completed => Succeeded + Failed + DeadLettered + Cancelled;

    public SeriesCounts Add(SeriesCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Started + other.Started, Succeeded + other.Succeeded, Failed + other.Failed,
            DeadLettered + other.DeadLettered, Cancelled + other.Cancelled, Retried + other.Retried);
    }
}

/// <summary>How the tasks of one type ended (and how many attempts started).</summary>
[GenerateSerializer]
[Alias("observatory.stats.outcome-counts")]
public sealed record OutcomeCounts(
    [property: Id(0)] long Started,
    [property: Id(1)] long Succeeded,
    [property: Id(2)] long Failed,
    [property: Id(3)] long DeadLettered,
    [property: Id(4)] long Cancelled)
{
    public static OutcomeCounts Zero { get; } = new(0, 0, 0, 0, 0);

    public OutcomeCounts Add(OutcomeCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Started + other.Started, Succeeded + other.Succeeded, Failed + other.Failed, DeadLettered + other.DeadLettered, Cancelled + other.Cancelled);
    }
}

/// <summary>Bounds on what the statistics keep.</summary>
public static class StatsLimits
{
    /// <summary>Task types reported by name; the rest are summed under <see cref="OtherType"/>.</summary>
    public const int MaxTaskTypes = 20;

    public const string OtherType = "other";

    /// <summary>The rolling windows every snapshot carries, in seconds.</summary>
    public static IReadOnlyList<int> WindowSeconds { get; } = [10, 60, 900];
}
