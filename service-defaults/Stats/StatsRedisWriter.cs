using System.Globalization;
using Observatory.Stats;
using StackExchange.Redis;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>
/// Writes the merged statistics to Redis in one pipelined batch: the totals hashes, and the series
/// buckets the silos reported (overwritten with the merged value, so writing a bucket twice is
/// harmless) with their latency percentiles in the same hash, and their expiry.
/// </summary>
public sealed class StatsRedisWriter
{
    private readonly StatsRedis _redis;
    private readonly StatsRedisKeys _keys;
    private readonly TimeSpan _secondTtl;
    private readonly TimeSpan _minuteTtl;

    public StatsRedisWriter(StatsRedis redis, StatsRedisKeys keys, StatsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _redis = redis;
        _keys = keys;

        // A bucket key lives its retention counted from the end of the minute or hour it covers.
        _secondTtl = settings.SecondRetention + TimeSpan.FromMinutes(1);
        _minuteTtl = settings.MinuteRetention + TimeSpan.FromHours(1);
    }

    public async Task FlushAsync(ClusterStats stats, IReadOnlyList<HistoryBucket> seconds, IReadOnlyList<HistoryBucket> minutes)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentNullException.ThrowIfNull(minutes);
        var database = await _redis.DatabaseAsync();
        var batch = database.CreateBatch();
        var writes = new List<Task>
        {
            batch.HashSetAsync(_keys.Status, [new("total", stats.Tasks.Total), .. stats.Tasks.ByStatus.Select(s => new HashEntry(s.Key, s.Value))]),
            batch.HashSetAsync(_keys.Meta, Meta(stats)),
            batch.HashSetAsync(_keys.Latency, [.. Latency("queueWait", stats.Latency.QueueWait), .. Latency("runTime", stats.Latency.RunTime), .. Latency("submitToDone", stats.Latency.SubmitToDone)]),
        };
        if (stats.Events.Count > 0)
        {
            writes.Add(batch.HashSetAsync(_keys.Events, [.. stats.Events.Select(e => new HashEntry(e.Key, e.Value))]));
        }

        if (stats.Types.Count > 0)
        {
            writes.Add(batch.HashSetAsync(_keys.Types, [.. stats.Types.SelectMany(t => Outcomes(t.Key, t.Value))]));
        }

        foreach (var group in seconds.GroupBy(b => b.Start - (b.Start % 60)))
        {
            WriteSeries(batch, writes, _keys.Seconds(group.Key), group.Select(b => (b.Start - group.Key, b)), _secondTtl);
        }

        foreach (var group in minutes.GroupBy(b => b.Start - (b.Start % 3600)))
        {
            WriteSeries(batch, writes, _keys.Minutes(group.Key), group.Select(b => ((b.Start - group.Key) / 60, b)), _minuteTtl);
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    private static void WriteSeries(IBatch batch, List<Task> writes, string key, IEnumerable<(long Offset, HistoryBucket Bucket)> buckets, TimeSpan ttl)
    {
        var fields = new List<HashEntry>();
        foreach (var (offset, bucket) in buckets)
        {
            var values = StatsSeries.ValuesOf(bucket.Counts);
            for (var metric = 0; metric < values.Length; metric++)
            {
                fields.Add(new HashEntry(StatsRedisKeys.Field(StatsSeries.Metrics[metric], offset), values[metric]));
            }

            // Only a bucket with samples has percentiles: an absent field reads as "none", never as 0 ms.
            // Percentiles rather than the bucket's histogram: the history serves buckets as stored, never merged.
            if (bucket.SubmitToDone is { } latency)
            {
                fields.Add(new HashEntry(StatsRedisKeys.Field(StatsSeries.P50, offset), StatsSeries.ToMicroseconds(latency.P50Ms)));
                fields.Add(new HashEntry(StatsRedisKeys.Field(StatsSeries.P95, offset), StatsSeries.ToMicroseconds(latency.P95Ms)));
            }
        }

        writes.Add(batch.HashSetAsync(key, [.. fields]));
        writes.Add(batch.KeyExpireAsync(key, ttl));
    }

    private static HashEntry[] Meta(ClusterStats stats) =>
    [
        new("generatedAt", Time(stats.GeneratedAt)),
        new("lastEventAt", stats.LastEventAt is { } last ? Time(last) : string.Empty),
        new("countsReadAt", stats.Tasks.ReadAt is { } read ? Time(read) : string.Empty),
        new("completedPerSecond", stats.Throughput.CompletedPerSecond),
        new("completedPerMinute", stats.Throughput.CompletedPerMinute),
        new("startedPerSecond", stats.Throughput.StartedPerSecond),
        new("silos", stats.Silos.Count),
    ];

    private static IEnumerable<HashEntry> Latency(string name, LatencySummary summary)
    {
        yield return new HashEntry(name + ":count", summary.Count);
        yield return new HashEntry(name + ":p50", summary.P50Ms ?? 0);
        yield return new HashEntry(name + ":p95", summary.P95Ms ?? 0);
        yield return new HashEntry(name + ":p99", summary.P99Ms ?? 0);
    }

    private static IEnumerable<HashEntry> Outcomes(string type, OutcomeCounts counts)
    {
        yield return new HashEntry(type + ":started", counts.Started);
        yield return new HashEntry(type + ":succeeded", counts.Succeeded);
        yield return new HashEntry(type + ":failed", counts.Failed);
        yield return new HashEntry(type + ":deadLettered", counts.DeadLettered);
        yield return new HashEntry(type + ":cancelled", counts.Cancelled);
    }

    private static string Time(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
