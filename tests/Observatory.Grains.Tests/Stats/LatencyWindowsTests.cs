using Observatory.Grains.Stats;
using Observatory.Stats;

namespace Observatory.Grains.Tests.Stats;

/// <summary>Recent latency from the differences between each silo's consecutive cumulative snapshots.</summary>
public sealed class LatencyWindowsTests
{
    private const string SiloA = "S10.0.0.1:11111:100";
    private const string SiloARestarted = "S10.0.0.1:11111:200";
    private static readonly DateTimeOffset Start = FeedEvents.Epoch;
    private static readonly long StartSecond = Start.ToUnixTimeSeconds();

    [Fact]
    public void Second_HoldsOnlyWhatEndedSinceThePreviousSnapshot()
    {
        var windows = new LatencyWindows();
        var silo = new SiloStatsAggregator();
        var first = Done(silo, SiloA, Start, count: 100, TimeSpan.FromMilliseconds(10));
        var second = Done(silo, SiloA, Start.AddSeconds(3), count: 20, TimeSpan.FromMilliseconds(500));

        windows.Observe(null, first);
        windows.Observe(first, second);

        // A silo's first snapshot holds only its first interval; a later one lands midway between the two snapshots.
        var latency = windows.Second(StartSecond + 1)!;
        Assert.InRange(latency.P50Ms, 500 * (1 - LatencyHistogram.RelativeError), 500 * (1 + LatencyHistogram.RelativeError));
        Assert.Equal(latency.P50Ms, latency.P95Ms);
        Assert.InRange(windows.Second(StartSecond)!.P95Ms, 10 * (1 - LatencyHistogram.RelativeError), 10 * (1 + LatencyHistogram.RelativeError));
        Assert.Null(windows.Second(StartSecond + 2));
        Assert.Equal(120, windows.Recent(Start.AddSeconds(4)).Window.SubmitToDone.Count);
    }

    [Fact]
    public void Minute_IsThePercentileOfTheMinutesSamples_NotOfItsSeconds()
    {
        var windows = new LatencyWindows();
        var silo = new SiloStatsAggregator();
        SiloStatsSnapshot? previous = null;

        // 19 seconds of fast tasks and one second of a slow burst: the minute's p95 is the slow one.
        for (var i = 0; i < 20; i++)
        {
            var current = Done(silo, SiloA, Start.AddSeconds(i), count: i == 10 ? 30 : 25, TimeSpan.FromMilliseconds(i == 10 ? 2000 : 5));
            windows.Observe(previous, current);
            previous = current;
        }

        var minute = windows.Minute(StartSecond - (StartSecond % 60))!;
        Assert.InRange(minute.P50Ms, 5 * (1 - LatencyHistogram.RelativeError), 5 * (1 + LatencyHistogram.RelativeError));
        Assert.InRange(minute.P95Ms, 2000 * (1 - LatencyHistogram.RelativeError), 2000 * (1 + LatencyHistogram.RelativeError));
    }

    [Fact]
    public void Recent_CoversTheLastMinuteOnly_AndAQuietSecondHasNoLatency()
    {
        var windows = new LatencyWindows();
        var silo = new SiloStatsAggregator();
        var old = Done(silo, SiloA, Start, count: 50, TimeSpan.FromSeconds(3));
        var recent = Done(silo, SiloA, Start.AddSeconds(61), count: 10, TimeSpan.FromMilliseconds(40));
        windows.Observe(null, old);
        windows.Observe(old, recent);

        var now = Start.AddSeconds(90);
        var latency = windows.Recent(now);

        Assert.Equal(10, latency.Window.SubmitToDone.Count);
        Assert.InRange(latency.Window.SubmitToDone.P95Ms!.Value, 40 * (1 - LatencyHistogram.RelativeError), 40 * (1 + LatencyHistogram.RelativeError));
        Assert.Equal(now.AddSeconds(-2).ToUnixTimeSeconds(), latency.SecondAt.ToUnixTimeSeconds());
        Assert.Equal(0, latency.SecondSubmitToDone.Count);
        Assert.Null(latency.SecondSubmitToDone.P95Ms);
        Assert.Null(windows.Second(StartSecond + 75));
    }

    [Fact]
    public void NewIncarnation_StartsFromZero_WithoutNegativeOrBogusSamples()
    {
        var windows = new LatencyWindows();
        var before = new SiloStatsAggregator();
        var old = Done(before, SiloA, Start, count: 1000, TimeSpan.FromMilliseconds(10));
        windows.Observe(null, old);

        // The silo restarts: a new address (new generation), its aggregator and sequence from scratch.
        var restarted = Done(new SiloStatsAggregator(), SiloARestarted, Start.AddSeconds(30), count: 5, TimeSpan.FromMilliseconds(800));
        windows.Observe(null, restarted);
        var latency = windows.Recent(Start.AddSeconds(31)).Window.SubmitToDone;

        Assert.Equal(1005, latency.Count);
        Assert.Equal(5, windows.Recent(Start.AddSeconds(61)).Window.SubmitToDone.Count);
        var second = windows.Second(Start.AddSeconds(30).ToUnixTimeSeconds())!;
        Assert.InRange(second.P50Ms, 800 * (1 - LatencyHistogram.RelativeError), 800 * (1 + LatencyHistogram.RelativeError));
    }

    [Fact]
    public void CumulativeThatWentBackwards_CountsAsStartedOver_NeverSubtracts()
    {
        var windows = new LatencyWindows();
        var grown = Done(new SiloStatsAggregator(), SiloA, Start, count: 100, TimeSpan.FromMilliseconds(10)) with { Sequence = 1 };
        var shrunk = Done(new SiloStatsAggregator(), SiloA, Start.AddSeconds(1), count: 3, TimeSpan.FromMilliseconds(10)) with { Sequence = 2 };

        windows.Observe(null, grown);
        windows.Observe(grown, shrunk);
        var latency = windows.Recent(Start.AddSeconds(2)).Window.SubmitToDone;

        Assert.Equal(103, latency.Count);
    }

    [Fact]
    public void SiloFirstMetMidLife_IsABaseline_NotOneSecondsWorth()
    {
        var windows = new LatencyWindows();
        var silo = new SiloStatsAggregator();
        Done(silo, SiloA, Start.AddSeconds(-10), count: 500, TimeSpan.FromMilliseconds(10));
        var midLife = Done(silo, SiloA, Start, count: 1, TimeSpan.FromMilliseconds(10));
        var next = Done(silo, SiloA, Start.AddSeconds(1), count: 2, TimeSpan.FromMilliseconds(10));

        windows.Observe(null, midLife);
        windows.Observe(midLife, next);

        Assert.Equal(2, windows.Recent(Start.AddSeconds(2)).Window.SubmitToDone.Count);
    }

    private static SiloStatsSnapshot Done(SiloStatsAggregator aggregator, string silo, DateTimeOffset at, int count, TimeSpan submitToDone)
    {
        for (var i = 0; i < count; i++)
        {
            aggregator.Record(FeedEvents.Succeeded("noop", at.AddMilliseconds(-1), TimeSpan.FromMilliseconds(1), submitToDone));
        }

        return aggregator.Snapshot(silo, at, 0);
    }
}
