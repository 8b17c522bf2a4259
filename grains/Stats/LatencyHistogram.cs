using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>
/// A latency histogram with fixed log-spaced buckets, so histograms of any silos merge by adding
/// counts and a merged percentile is exactly as precise as one silo's. Bucket 0 holds values under
/// 1 µs; bucket <c>i ≥ 1</c> holds [2^((i−1)/8), 2^(i/8)) µs, up to about 38 hours (longer values
/// land in the last bucket). A percentile is reported as its bucket's geometric midpoint, so it is
/// within ±4.4 % (2^(1/16)) of the true value.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Buckets per doubling: 8 gives a ±4.4 % bound with 298 buckets.</summary>
    private const int BucketsPerOctave = 8;
    private const int Octaves = 37;

    public const int BucketCount = 2 + (BucketsPerOctave * Octaves);

    private readonly long[] _counts;

    public LatencyHistogram()
    {
        _counts = new long[BucketCount];
    }

    private LatencyHistogram(long[] counts)
    {
        _counts = counts;
    }

    /// <summary>The relative error of a reported percentile: 2^(1/16) − 1.</summary>
    public static double RelativeError { get; } = Math.Pow(2, 1.0 / (2 * BucketsPerOctave)) - 1;

    public long Count { get; private set; }

    public void Record(TimeSpan value)
    {
        _counts[BucketOf(value.Ticks / (double)TimeSpan.TicksPerMicrosecond)]++;
        Count++;
    }

    /// <summary>Adds <paramref name="other"/>'s counts (bucket for bucket).</summary>
    public void Add(LatencyBuckets other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Add(other.Counts);
    }

    /// <summary>Adds bucket counts in this histogram's layout (extra buckets ignored).</summary>
    public void Add(ReadOnlySpan<long> counts)
    {
        for (var i = 0; i < Math.Min(counts.Length, _counts.Length); i++)
        {
            _counts[i] += counts[i];
            Count += counts[i];
        }
    }

    /// <summary>Empties the histogram, so one instance can sum many windows without allocating.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    public static LatencyHistogram From(LatencyBuckets buckets)
    {
        var histogram = new LatencyHistogram(new long[BucketCount]);
        histogram.Add(buckets);
        return histogram;
    }

    public LatencyBuckets ToBuckets() => new((long[])_counts.Clone());

    /// <summary>The value below which a fraction <paramref name="quantile"/> of the samples lie, in milliseconds; null without samples.</summary>
    public double? PercentileMs(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return MidpointMicroseconds(i) / 1000.0;
            }
        }

        return MidpointMicroseconds(_counts.Length - 1) / 1000.0;
    }

    public LatencySummary Summarize() => new(Count, PercentileMs(0.50), PercentileMs(0.95), PercentileMs(0.99));

    internal static int BucketOf(double microseconds)
    {
        if (!(microseconds >= 1))
        {
            return 0;
        }

        var index = 1 + (int)Math.Floor(Math.Log2(microseconds) * BucketsPerOctave);
        return Math.Min(index, BucketCount - 1);
    }

    /// <summary>The geometric midpoint of bucket <paramref name="index"/> (0.5 µs for the sub-microsecond bucket).</summary>
    internal static double MidpointMicroseconds(int index) =>
        index == 0 ? 0.5 : Math.Pow(2, (index - 0.5) / BucketsPerOctave);
}
