using BenchmarkDotNet.Attributes;
using Observatory.Grains.Stats;
using Observatory.ServiceDefaults.Stats;
using Observatory.Stats;
using StackExchange.Redis;

namespace Observatory.StatsBench;

/// <summary>
/// One flush of the merged statistics to the local Redis (one pipelined batch), under a key prefix
/// of its own that is deleted afterwards. Set OBSERVATORY_BENCH_REDIS to use another server.
/// <see cref="WithLatency"/> false writes the buckets as before they carried latency; true gives every
/// bucket its percentiles (the busy case), so the two compare the cost of the latency history.
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
    private HistoryBucket[] _seconds = [];
    private HistoryBucket[] _minutes = [];

    [Params(false, true)]
    public bool WithLatency { get; set; }

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
        var histogram = LatencyHistogram.From(snapshot.RunTime);
        var latency = WithLatency ? new LatencyPercentiles(histogram.PercentileMs(0.5)!.Value, histogram.PercentileMs(0.95)!.Value) : null;
        _seconds = [.. snapshot.Seconds.Select(b => new HistoryBucket(b.Start, b.Counts, latency))];
        _minutes = [.. snapshot.Minutes.Select(b => new HistoryBucket(b.Start, b.Counts, latency))];
        _stats = new ClusterStats(
            now,
            new StatusCounts(now, 10_000, new Dictionary<string, long> { ["queued"] = 10, ["running"] = 5, ["succeeded"] = 9_985 }),
            snapshot.Events,
            snapshot.Types,
            new Throughput(100, 6000, 100, snapshot.Windows),
            new LatencyStats(histogram.Summarize(), histogram.Summarize(), histogram.Summarize()),
            now,
            [new SiloFreshness(snapshot.Silo, snapshot.Sequence, now, 0, 0)],
            new RecentLatency(60, new LatencyStats(histogram.Summarize(), histogram.Summarize(), histogram.Summarize()), now, histogram.Summarize()));
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
