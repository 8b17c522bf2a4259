using BenchmarkDotNet.Attributes;
using Observatory.Grains.Stats;
using Observatory.ServiceDefaults.Stats;
using Observatory.Stats;
using StackExchange.Redis;

namespace Observatory.StatsBench;

/// <summary>
/// One flush of the merged statistics to the local Redis (one pipelined batch), under a key prefix
/// of its own that is deleted afterwards. Set OBSERVATORY_BENCH_REDIS to use another server.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's GlobalCleanup disposes the connection.")]
public class FlushBenchmarks
{
    private readonly string _prefix = $"observatory-bench:{Guid.NewGuid():N}:";
    private readonly string _connectionString = Environment.GetEnvironmentVariable("OBSERVATORY_BENCH_REDIS") ?? "127.0.0.1:6379";
    private StatsRedis _redis = null!;
    private StatsRedisWriter _writer = null!;
    private ClusterStats _stats = null!;
    private SeriesBucket[] _seconds = [];
    private SeriesBucket[] _minutes = [];

    [GlobalSetup]
    public void Setup()
    {
        _redis = new StatsRedis(_connectionString);
        _writer = new StatsRedisWriter(_redis, new StatsRedisKeys(_prefix), new StatsSettings());
        var now = DateTimeOffset.UtcNow;
        var aggregator = new SiloStatsAggregator();
        foreach (var feedEvent in StatsEvents.Mix(10_000, now))
        {
            aggregator.Record(feedEvent);
        }

        var snapshot = aggregator.Snapshot("S127.0.0.1:11111:1", now, 0);
        _seconds = [.. snapshot.Seconds];
        _minutes = [.. snapshot.Minutes];
        var histogram = LatencyHistogram.From(snapshot.RunTime);
        _stats = new ClusterStats(
            now,
            new StatusCounts(now, 10_000, new Dictionary<string, long> { ["queued"] = 10, ["running"] = 5, ["succeeded"] = 9_985 }),
            snapshot.Events,
            snapshot.Types,
            new Throughput(100, 6000, 100, snapshot.Windows),
            new LatencyStats(histogram.Summarize(), histogram.Summarize(), histogram.Summarize()),
            now,
            [new SiloFreshness(snapshot.Silo, snapshot.Sequence, now, 0, 0)]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_connectionString);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }

        await _redis.DisposeAsync();
    }

    [Benchmark]
    public Task Flush() => _writer.FlushAsync(_stats, _seconds, _minutes);
}
