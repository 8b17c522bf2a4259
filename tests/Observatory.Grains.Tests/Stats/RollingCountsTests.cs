using Observatory.Grains.Stats;

namespace Observatory.Grains.Tests.Stats;

public sealed class RollingCountsTests
{
    private const long Now = 1_800_000_000;

    [Fact]
    public void Sum_CountsOnlyTheSecondsInsideTheWindow()
    {
        var rolling = new RollingCounts();
        rolling.Increment(Now, SeriesMetric.Succeeded);
        rolling.Increment(Now - 9, SeriesMetric.Succeeded);
        rolling.Increment(Now - 10, SeriesMetric.Succeeded);
        rolling.Increment(Now - 5, SeriesMetric.Started);

        var last10 = rolling.Sum(Now, 10);

        Assert.Equal(2, last10.Succeeded);
        Assert.Equal(1, last10.Started);
        Assert.Equal(3, rolling.Sum(Now, 60).Succeeded);
    }

    [Fact]
    public void Increment_AfterTheRingWrapped_ForgetsTheSecondItReplaces()
    {
        var rolling = new RollingCounts();
        rolling.Increment(Now, SeriesMetric.Failed);
        rolling.Increment(Now + RollingCounts.Capacity, SeriesMetric.Cancelled);

        Assert.Equal(0, rolling.At(Now).Failed);
        Assert.Equal(1, rolling.At(Now + RollingCounts.Capacity).Cancelled);
        Assert.Equal(0, rolling.At(Now + RollingCounts.Capacity).Failed);
    }

    [Fact]
    public void Increment_OfASecondOlderThanTheRing_IsIgnored()
    {
        var rolling = new RollingCounts();
        rolling.Increment(Now, SeriesMetric.Retried);
        rolling.Increment(Now - RollingCounts.Capacity, SeriesMetric.Retried);

        Assert.Equal(1, rolling.At(Now).Retried);
        Assert.Equal(1, rolling.Sum(Now, RollingCounts.Capacity).Retried);
    }

    [Fact]
    public void Sum_OverAWindowLongerThanTheRing_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RollingCounts().Sum(Now, RollingCounts.Capacity + 1));
}
