using System.Net;
using Observatory.Grains.Stats;
using Observatory.Stats;
using Observatory.Tasks;
using Observatory.Testing;

namespace Observatory.Grains.Tests.Stats;

/// <summary>
/// The cluster stats grain merges per-silo cumulative snapshots: a repeated or late snapshot never
/// counts twice, and a silo that leaves stops contributing windows while its totals are kept.
/// The tests share one grain, so each compares the figures before and after what it sent.
/// </summary>
[Collection(StatsClusterCollection.Name)]
public sealed class ClusterStatsGrainTests
{
    private readonly StatsClusterFixture _fixture;

    public ClusterStatsGrainTests(StatsClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private IClusterStatsGrain Grain => _fixture.Cluster.Client.GetGrain<IClusterStatsGrain>(IClusterStatsGrain.Key);

    [Fact]
    public async Task Report_RepeatedAndLateSnapshots_CountOnce()
    {
        var siloA = FakeSilo();
        var siloB = FakeSilo();
        var before = await Grain.GetAsync();

        await Grain.ReportAsync(Snapshot(siloA, sequence: 1, started: 5));
        await Grain.ReportAsync(Snapshot(siloA, sequence: 1, started: 5));
        await Grain.ReportAsync(Snapshot(siloB, sequence: 1, started: 3));
        await Grain.ReportAsync(Snapshot(siloA, sequence: 3, started: 9));
        await Grain.ReportAsync(Snapshot(siloA, sequence: 2, started: 7));
        var after = await Grain.GetAsync();

        Assert.Equal(12, Started(after) - Started(before));
        Assert.Equal(12, after.Types["noop"].Started - (before.Types.GetValueOrDefault("noop")?.Started ?? 0));
        Assert.Equal(3, after.Silos.Single(s => s.Silo == siloA).Sequence);
        Assert.Equal(12, after.Throughput.Windows.Single(w => w.Seconds == 10).Counts.Started - before.Throughput.Windows.Single(w => w.Seconds == 10).Counts.Started);
    }

    [Fact]
    public async Task Merge_LatencyOfTwoSilos_IsTheHistogramOfBoth()
    {
        var siloA = FakeSilo();
        var siloB = FakeSilo();
        var before = await Grain.GetAsync();

        await Grain.ReportAsync(Snapshot(siloA, 1, started: 1, queueWaitMs: 10));
        await Grain.ReportAsync(Snapshot(siloB, 1, started: 1, queueWaitMs: 1000));
        var after = await Grain.GetAsync();

        Assert.Equal(2, after.Latency.QueueWait.Count - before.Latency.QueueWait.Count);
        Assert.True(after.Latency.QueueWait.P99Ms >= 1000 * (1 - LatencyHistogram.RelativeError));
    }

    [Fact]
    public async Task Stats_SiloUnknownToMembership_IsRetiredOnceStale_KeepingItsTotals()
    {
        var ghost = FakeSilo();
        await Grain.ReportAsync(Snapshot(ghost, 1, started: 4));
        var reporting = await Grain.GetAsync();
        Assert.Contains(reporting.Silos, s => s.Silo == ghost);

        _fixture.Clock.Advance(_fixture.Options.Stats.StaleAfter + TimeSpan.FromSeconds(1));
        var retired = await Grain.GetAsync();
        await Grain.ReportAsync(Snapshot(ghost, 2, started: 100));
        var afterLateReport = await Grain.GetAsync();

        Assert.DoesNotContain(retired.Silos, s => s.Silo == ghost);
        Assert.Equal(Started(reporting), Started(retired));
        Assert.True(retired.Throughput.Windows[0].Counts.Started <= reporting.Throughput.Windows[0].Counts.Started - 4, "a departed silo's windows no longer count");
        Assert.Equal(Started(retired), Started(afterLateReport));
    }

    [Fact]
    public async Task Stats_SiloThatLeavesTheCluster_IsDropped_KeepingItsTotals()
    {
        // Activated first, so the grain lives on one of the fixture's silos, not on the one that leaves.
        var before = await Grain.GetAsync();
        var leaving = await _fixture.Cluster.StartAdditionalSiloAsync();
        var address = leaving.SiloAddress.ToParsableString();
        await Grain.ReportAsync(Snapshot(address, 1, started: 6));
        var reporting = await Grain.GetAsync();

        await _fixture.Cluster.StopSiloAsync(leaving);
        var after = await Eventually.ReturnsAsync(Grain.GetAsync, s => s.Silos.All(silo => silo.Silo != address), TimeSpan.FromSeconds(60), "the stopped silo to be dropped");

        Assert.Contains(reporting.Silos, s => s.Silo == address);
        Assert.Equal(6, Started(after) - Started(before));
        Assert.Equal(Started(reporting), Started(after));
    }

    [Fact]
    public async Task RecentLatency_SiloRestartedAsANewIncarnation_AddsOnlyItsNewSamples()
    {
        // Past every other test's samples, so the window holds this test's alone.
        _fixture.Clock.Advance(TimeSpan.FromSeconds(LatencyWindows.WindowSeconds + 1));
        var first = FakeSilo();
        var firstLife = new SiloStatsAggregator();
        await Grain.ReportAsync(Done(firstLife, first, count: 200, TimeSpan.FromMilliseconds(10)));
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await Grain.ReportAsync(Done(firstLife, first, count: 0, TimeSpan.Zero));

        // It dies: stale, then retired; its late report is ignored. The restart is a new address, counting from zero.
        _fixture.Clock.Advance(_fixture.Options.Stats.StaleAfter + TimeSpan.FromSeconds(1));
        await Grain.GetAsync();
        await Grain.ReportAsync(Done(firstLife, first, count: 50, TimeSpan.FromMilliseconds(10)));
        await Grain.ReportAsync(Done(new SiloStatsAggregator(), FakeSilo(), count: 5, TimeSpan.FromMilliseconds(900)));
        _fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var stats = await Grain.GetAsync();

        var recent = stats.RecentLatency!;
        Assert.Equal(205, recent.Window.SubmitToDone.Count);
        Assert.InRange(recent.Window.SubmitToDone.P99Ms!.Value, 900 * (1 - LatencyHistogram.RelativeError), 900 * (1 + LatencyHistogram.RelativeError));
        Assert.Equal(5, recent.SecondSubmitToDone.Count);
        Assert.InRange(recent.SecondSubmitToDone.P95Ms!.Value, 900 * (1 - LatencyHistogram.RelativeError), 900 * (1 + LatencyHistogram.RelativeError));
        Assert.Equal(LatencyWindows.WindowSeconds, recent.WindowSeconds);
    }

    [Fact]
    public async Task Stats_TaskCounts_ComeFromPostgres()
    {
        // Grain timers run on the fixture's clock: each probe moves it one flush interval on.
        var stats = await Eventually.ReturnsAsync(
            () =>
            {
                _fixture.Clock.Advance(_fixture.Options.Stats.FlushInterval);
                return Grain.GetAsync();
            },
            s => s.Tasks.ReadAt is not null,
            TimeSpan.FromSeconds(30),
            "the counts read from PostgreSQL");

        Assert.Equal(TaskStateExtensions.All.Select(s => s.ToContractName()).Order(), stats.Tasks.ByStatus.Keys.Order());
        Assert.Equal(0, stats.Tasks.Total);
    }

    private static long Started(ClusterStats stats) => stats.Events.GetValueOrDefault(TaskEventTypes.Started);

    private static string FakeSilo() =>
        SiloAddress.New(new IPEndPoint(IPAddress.Loopback, Random.Shared.Next(20_000, 60_000)), Random.Shared.Next(1, int.MaxValue)).ToParsableString();

    private SiloStatsSnapshot Done(SiloStatsAggregator aggregator, string silo, int count, TimeSpan submitToDone)
    {
        var now = _fixture.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            aggregator.Record(FeedEvents.Succeeded("noop", now, TimeSpan.FromMilliseconds(1), submitToDone));
        }

        return aggregator.Snapshot(silo, now, 0);
    }

    private SiloStatsSnapshot Snapshot(string silo, long sequence, long started, double queueWaitMs = 1)
    {
        var aggregator = new SiloStatsAggregator();
        var now = _fixture.Clock.GetUtcNow();
        for (var i = 0; i < started; i++)
        {
            aggregator.Record(FeedEvents.Started("noop", now.AddSeconds(-1), TimeSpan.FromMilliseconds(queueWaitMs)));
        }

        return aggregator.Snapshot(silo, now, 0) with { Sequence = sequence };
    }
}

[CollectionDefinition(Name)]
public sealed class StatsClusterCollection : ICollectionFixture<StatsClusterFixture>
{
    public const string Name = "stats-cluster";
}
