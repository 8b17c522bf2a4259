using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observatory.ServiceDefaults.Stats;
using Observatory.Stats;
using Observatory.Tasks;
using Observatory.Testing;
using StackExchange.Redis;

namespace Observatory.Gateway.Tests.Stats;

/// <summary>The statistics' Redis key layout, expiry and history reads, on the real Redis under a key prefix of the test's own.</summary>
public sealed class StatsRedisTests : IAsyncLifetime
{
    // 2026-11-27T23:40:17Z: second 17 of its minute, minute 40 of its hour.
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 23, 40, 17, TimeSpan.Zero);
    private static readonly long MinuteStart = Now.ToUnixTimeSeconds() - 17;
    private static readonly long HourStart = MinuteStart - (40 * 60);
    private readonly StatsSettings _settings = new();
    private readonly StatsRedis _stats = new(TestEnvironment.RedisConnectionString);
    private RedisTestKeys _redis = null!;
    private StatsRedisKeys _keys = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisTestKeys.CreateAsync("stats-redis");
        _keys = new StatsRedisKeys(_redis.Prefix);
    }

    public async ValueTask DisposeAsync()
    {
        await _stats.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private IDatabase Database => _redis.Redis.GetDatabase();

    [Fact]
    public async Task Flush_WritesTotalsAsHashes_UnderTheDocumentedKeys()
    {
        await Writer().FlushAsync(Stats(), [], []);

        Assert.Equal(10, (long)await Database.HashGetAsync(_redis.Prefix + "totals:status", "total"));
        Assert.Equal(7, (long)await Database.HashGetAsync(_redis.Prefix + "totals:status", "succeeded"));
        Assert.Equal(9, (long)await Database.HashGetAsync(_redis.Prefix + "totals:events", TaskEventTypes.Started));
        Assert.Equal(7, (long)await Database.HashGetAsync(_redis.Prefix + "totals:types", "noop:succeeded"));
        Assert.Equal(12.5, (double)await Database.HashGetAsync(_redis.Prefix + "latency", "runTime:p99"));
        Assert.Equal(0.7, (double)await Database.HashGetAsync(_redis.Prefix + "meta", "completedPerSecond"));
        Assert.Null(await Database.KeyTimeToLiveAsync(_redis.Prefix + "totals:status"));
    }

    [Fact]
    public async Task Flush_SeriesBuckets_ExpireAfterTheirRetention()
    {
        await Writer().FlushAsync(Stats(), [Bucket(Now.ToUnixTimeSeconds(), succeeded: 3)], [Bucket(MinuteStart, succeeded: 40)]);

        var secondsKey = _redis.Prefix + "series:1s:" + MinuteStart;
        var minutesKey = _redis.Prefix + "series:1m:" + HourStart;
        Assert.Equal(3, (long)await Database.HashGetAsync(secondsKey, "succeeded:17"));
        Assert.Equal(40, (long)await Database.HashGetAsync(minutesKey, "succeeded:40"));
        Assert.InRange((await Database.KeyTimeToLiveAsync(secondsKey))!.Value, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(61));
        Assert.InRange((await Database.KeyTimeToLiveAsync(minutesKey))!.Value, TimeSpan.FromHours(24.9), TimeSpan.FromHours(25));
    }

    [Fact]
    public async Task Flush_SameBucketAgain_OverwritesInsteadOfAdding()
    {
        var second = Now.ToUnixTimeSeconds();
        await Writer().FlushAsync(Stats(), [Bucket(second, succeeded: 3)], []);
        await Writer().FlushAsync(Stats(), [Bucket(second, succeeded: 5)], []);

        var history = await Reader().ReadAsync(Window("1m"), Now);

        Assert.Equal(5, history.Points[^1].Succeeded);
    }

    [Fact]
    public async Task History_FifteenMinutes_IsOnePointPerSecond_ZeroWhereNothingHappened()
    {
        var second = Now.ToUnixTimeSeconds();
        await Writer().FlushAsync(Stats(), [Bucket(second - 1, succeeded: 2, failed: 1), Bucket(second - 100, succeeded: 4)], []);

        var history = await Reader().ReadAsync(Window("15m"), Now);

        Assert.Equal(1, history.ResolutionSeconds);
        Assert.Equal(900, history.Points.Count);
        Assert.Equal(Now, history.Points[^1].At);
        Assert.Equal(Now.AddSeconds(1), history.To);
        Assert.Equal(history.To.AddMinutes(-15), history.From);
        var last = history.Points.Single(p => p.At == Now.AddSeconds(-1));
        Assert.Equal((2, 1, 3), (last.Succeeded, last.Failed, last.Completed));
        Assert.Equal(4, history.Points.Single(p => p.At == Now.AddSeconds(-100)).Succeeded);
        Assert.Equal(6, history.Points.Sum(p => p.Succeeded));
    }

    [Fact]
    public async Task Flush_BucketLatency_IsWrittenInTheCountsHashInMicroseconds_AndReadBackAsMilliseconds()
    {
        var second = Now.ToUnixTimeSeconds();
        await Writer().FlushAsync(
            Stats(),
            [Bucket(second - 1, succeeded: 2, latency: new(12.3456, 80.5)), Bucket(second, succeeded: 0)],
            [Bucket(MinuteStart, succeeded: 40, latency: new(10, 95.25))]);

        var secondsKey = _redis.Prefix + "series:1s:" + MinuteStart;
        Assert.Equal(12346, (long)await Database.HashGetAsync(secondsKey, "p50:16"));
        Assert.Equal(80500, (long)await Database.HashGetAsync(secondsKey, "p95:16"));
        Assert.False(await Database.HashExistsAsync(secondsKey, "p95:17"), "a bucket where no task ended has no percentile, not 0");
        Assert.Equal(95250, (long)await Database.HashGetAsync(_redis.Prefix + "series:1m:" + HourStart, "p95:40"));

        var seconds = await Reader().ReadAsync(Window("15m"), Now);
        var minutes = await Reader().ReadAsync(Window("1h"), Now);

        Assert.Equal(new LatencyPercentiles(12.346, 80.5), seconds.Points.Single(p => p.At == Now.AddSeconds(-1)).SubmitToDone);
        Assert.Single(seconds.Points, p => p.SubmitToDone is not null);
        Assert.Equal(2, seconds.Points.Single(p => p.At == Now.AddSeconds(-1)).Succeeded);
        Assert.Equal(new LatencyPercentiles(10, 95.25), minutes.Points[^1].SubmitToDone);
        Assert.Null(minutes.Points[^2].SubmitToDone);
    }

    [Fact]
    public async Task History_Day_IsOnePointPerMinute()
    {
        await Writer().FlushAsync(Stats(), [], [Bucket(MinuteStart - 60, succeeded: 30), Bucket(MinuteStart, succeeded: 11)]);

        var history = await Reader().ReadAsync(Window("24h"), Now);

        Assert.Equal(60, history.ResolutionSeconds);
        Assert.Equal(1440, history.Points.Count);
        Assert.Equal(11, history.Points[^1].Succeeded);
        Assert.Equal(30, history.Points[^2].Succeeded);
        Assert.Equal(41, history.Points.Sum(p => p.Completed));
    }

    [Fact]
    public async Task RedisUnreachable_FlushAndHistoryFailFast_AndHealthIsDegraded()
    {
        await using var down = new StatsRedis($"127.0.0.1:{FreePort.Next()},connectTimeout=500");
        await down.DatabaseAsync();

        var started = TimeProvider.System.GetTimestamp();
        await Assert.ThrowsAnyAsync<RedisException>(() => new StatsRedisWriter(down, _keys, _settings).FlushAsync(Stats(), [], []));
        await Assert.ThrowsAnyAsync<RedisException>(() => new StatsHistoryReader(down, _keys).ReadAsync(Window("15m"), Now));
        var health = await new RedisHealthCheck(down).CheckHealthAsync(new HealthCheckContext());

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "a Redis outage must not hold callers up");
        Assert.Equal(HealthStatus.Degraded, health.Status);
    }

    private StatsRedisWriter Writer() => new(_stats, _keys, _settings);

    private StatsHistoryReader Reader() => new(_stats, _keys);

    private static StatsWindow Window(string name) => StatsWindow.TryParse(name, out var window) ? window : throw new ArgumentException(name);

    private static HistoryBucket Bucket(long start, long succeeded, long failed = 0, LatencyPercentiles? latency = null) =>
        new(start, new SeriesCounts(0, succeeded, failed, 0, 0, 0), latency);

    private static ClusterStats Stats()
    {
        var latency = new LatencySummary(10, 1.5, 9.0, 12.5);
        return new ClusterStats(
            Now,
            new StatusCounts(Now, 10, new Dictionary<string, long> { ["queued"] = 3, ["succeeded"] = 7 }),
            new Dictionary<string, long> { [TaskEventTypes.Started] = 9 },
            new Dictionary<string, OutcomeCounts> { ["noop"] = new(9, 7, 0, 0, 0) },
            new Throughput(0.7, 0.5, 0.9, []),
            new LatencyStats(latency, latency, latency),
            Now,
            [],
            new RecentLatency(60, new LatencyStats(latency, latency, latency), Now.AddSeconds(-2), latency));
    }
}
