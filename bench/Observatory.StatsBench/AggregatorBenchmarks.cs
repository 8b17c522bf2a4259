using BenchmarkDotNet.Attributes;
using Observatory.Grains.Events;
using Observatory.Grains.Stats;
using Observatory.Stats;

namespace Observatory.StatsBench;

/// <summary>The silo side: recording events (directly, and through the feed as in a silo) and taking the once-a-second snapshot.</summary>
[MemoryDiagnoser]
public class AggregatorBenchmarks
{
    private const int Events = 4096;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private TaskFeedEvent[] _events = [];
    private SiloStatsAggregator _aggregator = null!;
    private TaskEventFeed _feed = null!;
    private TaskEventFeed.Subscription _subscription = null!;

    [GlobalSetup]
    public void Setup()
    {
        _events = StatsEvents.Mix(Events, _now);
        _aggregator = new SiloStatsAggregator();
        foreach (var feedEvent in _events)
        {
            _aggregator.Record(feedEvent);
        }

        _feed = new TaskEventFeed();
        _subscription = _feed.Subscribe(Events * 2);
    }

    [GlobalCleanup]
    public void Cleanup() => _subscription.Dispose();

    /// <summary>What the reporter does per event once it has it.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void Record()
    {
        foreach (var feedEvent in _events)
        {
            _aggregator.Record(feedEvent);
        }
    }

    /// <summary>The whole per-event path on a silo: the grain's publish to the feed, the channel, and the record.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void PublishAndRecord()
    {
        foreach (var feedEvent in _events)
        {
            _feed.Publish(feedEvent);
        }

        var reader = _subscription.Events;
        while (reader.TryRead(out var feedEvent))
        {
            _aggregator.Record(feedEvent);
        }
    }

    /// <summary>Once per silo per second.</summary>
    [Benchmark]
    public SiloStatsSnapshot Snapshot() => _aggregator.Snapshot("S127.0.0.1:11111:1", _now, 0);
}
