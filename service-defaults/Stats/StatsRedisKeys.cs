using System.Globalization;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>
/// The Redis key layout of the statistics (documented in the README), under one prefix per
/// deployment (<c>observatory:{serviceId}:</c> unless <c>Observatory:Stats:KeyPrefix</c> says otherwise).
/// Totals are hashes overwritten on every flush; the history series are hashes per minute (of
/// per-second buckets) and per hour (of per-minute buckets), each field <c>{metric}:{offset}</c>
/// (counts, and <c>p50</c>/<c>p95</c> submit → done in microseconds where tasks ended), expiring after their retention.
/// </summary>
public sealed class StatsRedisKeys
{
    public StatsRedisKeys(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>Tasks by status from PostgreSQL, and <c>total</c>.</summary>
    public string Status => Prefix + "totals:status";

    /// <summary>Events seen, by event type.</summary>
    public string Events => Prefix + "totals:events";

    /// <summary>Outcomes by task type: fields <c>{type}:{started|succeeded|failed|deadLettered|cancelled}</c>.</summary>
    public string Types => Prefix + "totals:types";

    /// <summary>Fields <c>{queueWait|runTime|submitToDone}:{count|p50|p95|p99}</c>, percentiles in milliseconds.</summary>
    public string Latency => Prefix + "latency";

    /// <summary>Throughput (<c>completedPerSecond</c>, <c>completedPerMinute</c>, <c>startedPerSecond</c>) and times of the flush, the last event and the counts.</summary>
    public string Meta => Prefix + "meta";

    /// <summary>Per-second buckets of the minute starting at <paramref name="minuteStart"/> (Unix seconds); fields <c>{metric}:{second 0–59}</c>.</summary>
    public string Seconds(long minuteStart) => Prefix + "series:1s:" + minuteStart.ToString(CultureInfo.InvariantCulture);

    /// <summary>Per-minute buckets of the hour starting at <paramref name="hourStart"/> (Unix seconds); fields <c>{metric}:{minute 0–59}</c>.</summary>
    public string Minutes(long hourStart) => Prefix + "series:1m:" + hourStart.ToString(CultureInfo.InvariantCulture);

    /// <summary>The series field of <paramref name="metric"/> at <paramref name="offset"/> within its key.</summary>
    public static string Field(string metric, long offset) => metric + ":" + offset.ToString(CultureInfo.InvariantCulture);
}
