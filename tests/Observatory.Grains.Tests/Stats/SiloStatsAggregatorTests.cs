using Observatory.Grains.Stats;
using Observatory.Stats;
using Observatory.Tasks;

namespace Observatory.Grains.Tests.Stats;

public sealed class SiloStatsAggregatorTests
{
    private static readonly DateTimeOffset Now = FeedEvents.Epoch.AddHours(1);

    [Fact]
    public void Snapshot_CountsEventsOutcomesAndLatencies()
    {
        var aggregator = new SiloStatsAggregator();
        aggregator.Record(FeedEvents.Started("sleep", Now.AddSeconds(-3), TimeSpan.FromMilliseconds(20)));
        aggregator.Record(FeedEvents.Succeeded("sleep", Now.AddSeconds(-2), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)));
        aggregator.Record(FeedEvents.FailedForRetry("fail", Now.AddSeconds(-2), TimeSpan.FromMilliseconds(5)));
        aggregator.Record(FeedEvents.RetryScheduled("fail", Now.AddSeconds(-2)));
        aggregator.Record(FeedEvents.FailedPermanently("fail", Now.AddSeconds(-1), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2)));

        var snapshot = aggregator.Snapshot("silo-a", Now, dropped: 3);

        Assert.Equal(1, snapshot.Events[TaskEventTypes.Started]);
        Assert.Equal(2, snapshot.Events[TaskEventTypes.AttemptFailed]);
        Assert.Equal(new OutcomeCounts(1, 1, 0, 0, 0), snapshot.Types["sleep"]);
        Assert.Equal(new OutcomeCounts(0, 0, 1, 0, 0), snapshot.Types["fail"]);
        Assert.Equal(1, LatencyHistogram.From(snapshot.QueueWait).Count);
        Assert.Equal(3, LatencyHistogram.From(snapshot.RunTime).Count);
        Assert.Equal(2, LatencyHistogram.From(snapshot.SubmitToDone).Count);
        Assert.Equal(Now.AddSeconds(-1), snapshot.LastEventAt);
        Assert.Equal(3, snapshot.Dropped);
        var last10 = snapshot.Windows.Single(w => w.Seconds == 10).Counts;
        Assert.Equal(2, last10.Completed);
        Assert.Equal(1, last10.Retried);
        Assert.Equal(SiloStatsAggregator.RecentSeconds, snapshot.Seconds.Count);
        Assert.Equal(1, snapshot.Seconds.Single(b => b.Start == Now.AddSeconds(-2).ToUnixTimeSeconds()).Counts.Succeeded);
    }

    [Fact]
    public void Snapshot_Windows_LeaveOutTheSecondJustBegun()
    {
        var aggregator = new SiloStatsAggregator();
        aggregator.Record(FeedEvents.Succeeded("noop", Now, TimeSpan.Zero, TimeSpan.Zero));
        aggregator.Record(FeedEvents.Succeeded("noop", Now.AddSeconds(-10), TimeSpan.Zero, TimeSpan.Zero));
        aggregator.Record(FeedEvents.Succeeded("noop", Now.AddSeconds(-11), TimeSpan.Zero, TimeSpan.Zero));

        var snapshot = aggregator.Snapshot("silo-a", Now, 0);

        Assert.Equal(1, snapshot.Windows.Single(w => w.Seconds == 10).Counts.Succeeded);
        Assert.Equal(2, snapshot.Windows.Single(w => w.Seconds == 60).Counts.Succeeded);
        Assert.Equal(1, snapshot.Seconds[^1].Counts.Succeeded);
    }

    [Fact]
    public void Snapshot_SequenceGrowsWithEverySnapshot()
    {
        var aggregator = new SiloStatsAggregator();

        var first = aggregator.Snapshot("silo-a", Now, 0);
        var second = aggregator.Snapshot("silo-a", Now, 0);

        Assert.True(second.Sequence > first.Sequence);
    }

    [Fact]
    public void Snapshot_BeyondTwentyTaskTypes_SumsTheRestAsOther()
    {
        var aggregator = new SiloStatsAggregator();
        for (var type = 0; type < StatsLimits.MaxTaskTypes + 5; type++)
        {
            aggregator.Record(FeedEvents.Started("type-" + type, Now, TimeSpan.Zero));
        }

        var snapshot = aggregator.Snapshot("silo-a", Now, 0);

        Assert.Equal(StatsLimits.MaxTaskTypes + 1, snapshot.Types.Count);
        Assert.Equal(5, snapshot.Types[StatsLimits.OtherType].Started);
    }

    [Fact]
    public void Snapshot_MinuteBuckets_SplitTheCurrentAndThePreviousMinute()
    {
        var aggregator = new SiloStatsAggregator();
        var minute = Now.ToUnixTimeSeconds() - (Now.ToUnixTimeSeconds() % 60);
        aggregator.Record(FeedEvents.Started("noop", DateTimeOffset.FromUnixTimeSeconds(minute - 1), TimeSpan.Zero));
        aggregator.Record(FeedEvents.Started("noop", DateTimeOffset.FromUnixTimeSeconds(minute), TimeSpan.Zero));
        aggregator.Record(FeedEvents.Started("noop", DateTimeOffset.FromUnixTimeSeconds(minute + 30), TimeSpan.Zero));

        var snapshot = aggregator.Snapshot("silo-a", DateTimeOffset.FromUnixTimeSeconds(minute + 30), 0);

        Assert.Equal(1, snapshot.Minutes.Single(b => b.Start == minute - 60).Counts.Started);
        Assert.Equal(2, snapshot.Minutes.Single(b => b.Start == minute).Counts.Started);
    }
}
