using Observatory.Grains.Stats;

namespace Observatory.Grains.Tests.Stats;

public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.50, 500)]
    [InlineData(0.95, 950)]
    [InlineData(0.99, 990)]
    public void Percentile_OfOneToThousandMilliseconds_IsWithinTheBucketErrorBound(double quantile, double expectedMs)
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        var actual = histogram.PercentileMs(quantile)!.Value;

        Assert.InRange(actual, expectedMs * (1 - LatencyHistogram.RelativeError), expectedMs * (1 + LatencyHistogram.RelativeError));
    }

    [Fact]
    public void RelativeError_IsUnderFivePercent() =>
        Assert.InRange(LatencyHistogram.RelativeError, 0.043, 0.045);

    [Fact]
    public void Merge_OfTwoSilosHistograms_EqualsTheHistogramOfAllSamples()
    {
        var whole = new LatencyHistogram();
        var even = new LatencyHistogram();
        var odd = new LatencyHistogram();
        for (var i = 1; i <= 5000; i++)
        {
            var value = TimeSpan.FromMicroseconds(i * 37);
            whole.Record(value);
            (i % 2 == 0 ? even : odd).Record(value);
        }

        var merged = LatencyHistogram.From(even.ToBuckets());
        merged.Add(odd.ToBuckets());

        Assert.Equal(whole.ToBuckets().Counts, merged.ToBuckets().Counts);
        Assert.Equal(whole.Summarize(), merged.Summarize());
    }

    [Fact]
    public void Percentile_WithoutSamples_IsNull()
    {
        var summary = new LatencyHistogram().Summarize();

        Assert.Equal(0, summary.Count);
        Assert.Null(summary.P50Ms);
        Assert.Null(summary.P99Ms);
    }

    [Fact]
    public void Record_ZeroAndDaysLongValues_LandInTheEdgeBuckets()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.Zero);
        histogram.Record(TimeSpan.FromDays(30));

        Assert.Equal(0.0005, histogram.PercentileMs(0.5));
        Assert.True(histogram.PercentileMs(1) > TimeSpan.FromHours(30).TotalMilliseconds);
        Assert.Equal(2, histogram.Count);
    }

    [Fact]
    public void Percentile_OutsideZeroToOne_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().PercentileMs(1.5));
}
