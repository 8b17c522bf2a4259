using StackExchange.Redis;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>Reads a window of the history series from Redis: one pipelined <c>HGETALL</c> per covered minute or hour key.</summary>
public sealed class StatsHistoryReader
{
    private readonly StatsRedis _redis;
    private readonly StatsRedisKeys _keys;

    public StatsHistoryReader(StatsRedis redis, StatsRedisKeys keys)
    {
        _redis = redis;
        _keys = keys;
    }

    /// <summary>The buckets of <paramref name="window"/> ending with the one that holds <paramref name="now"/>.</summary>
    /// <exception cref="StackExchange.Redis.RedisException">Redis does not answer.</exception>
    public async Task<StatsHistory> ReadAsync(StatsWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        var step = window.ResolutionSeconds;
        var keySpan = step == 1 ? 60 : 3600;
        var last = now.ToUnixTimeSeconds() - (now.ToUnixTimeSeconds() % step);
        var first = last - ((window.Length.Ticks / TimeSpan.TicksPerSecond / step) - 1) * step;

        var database = await _redis.DatabaseAsync();
        var batch = database.CreateBatch();
        var reads = new Dictionary<long, Task<HashEntry[]>>();
        for (var keyStart = first - (first % keySpan); keyStart <= last; keyStart += keySpan)
        {
            reads[keyStart] = batch.HashGetAllAsync(step == 1 ? _keys.Seconds(keyStart) : _keys.Minutes(keyStart));
        }

        batch.Execute();
        await Task.WhenAll(reads.Values);

        var values = new Dictionary<string, RedisValue>(StringComparer.Ordinal);
        var points = new List<StatsHistoryPoint>();
        for (var start = first; start <= last; start += step)
        {
            var keyStart = start - (start % keySpan);
            var offset = (start - keyStart) / step;
            values.Clear();
            foreach (var entry in reads[keyStart].Result)
            {
                values[entry.Name!] = entry.Value;
            }

            long Read(string metric) => (long)values.GetValueOrDefault(StatsRedisKeys.Field(metric, offset), 0);
            var succeeded = Read("succeeded");
            var failed = Read("failed");
            var deadLettered = Read("deadLettered");
            var cancelled = Read("cancelled");
            points.Add(new StatsHistoryPoint(
                DateTimeOffset.FromUnixTimeSeconds(start), Read("started"), succeeded + failed + deadLettered + cancelled,
                succeeded, failed, deadLettered, cancelled, Read("retried"), Latency(values, offset)));
        }

        return new StatsHistory(window.Name, step, DateTimeOffset.FromUnixTimeSeconds(first), DateTimeOffset.FromUnixTimeSeconds(last + step), points);
    }

    private static LatencyPercentiles? Latency(Dictionary<string, RedisValue> values, long offset) =>
        values.TryGetValue(StatsRedisKeys.Field(StatsSeries.P50, offset), out var p50) && values.TryGetValue(StatsRedisKeys.Field(StatsSeries.P95, offset), out var p95)
            ? new LatencyPercentiles(StatsSeries.ToMilliseconds((long)p50), StatsSeries.ToMilliseconds((long)p95))
            : null;
}
