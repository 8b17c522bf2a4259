using System.Numerics;

namespace Observatory.LoadTest.Metrics;

/// <summary>
/// Log-linear latency histogram in microseconds, laid out like HdrHistogram: values below 256 µs
/// are exact, above that 128 buckets per power of two keep every value within 0.8 %. Recording is
/// lock-free and memory is fixed however many values arrive, so thousands of completions per
/// second neither contend nor allocate; the maximum is tracked exactly.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int LinearLimit = 2 * SubBucketCount;

    /// <summary>Values are clamped below 2^42 µs (about 50 days); nothing a benchmark waits for is longer.</summary>
    private const int MaxBit = 42;
    private const long MaxValue = (1L << MaxBit) - 1;
    private const int BucketCount = LinearLimit + ((MaxBit - SubBucketBits - 1) * SubBucketCount);

    private readonly long[] _counts = new long[BucketCount];
    private long _total;
    private long _sum;
    private long _max;

    public long Count => Interlocked.Read(ref _total);

    public void Record(TimeSpan latency) => RecordMicroseconds(latency.Ticks / TimeSpan.TicksPerMicrosecond);

    public void RecordMicroseconds(long value)
    {
        value = Math.Clamp(value, 0, MaxValue);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, value);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of the values lie, in milliseconds.</summary>
    public double PercentileMs(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), Interlocked.Read(ref _max)) / 1000.0;
            }
        }

        return Interlocked.Read(ref _max) / 1000.0;
    }

    public LatencySummary Summarize()
    {
        var count = Count;
        return new LatencySummary(
            count,
            PercentileMs(50),
            PercentileMs(90),
            PercentileMs(99),
            PercentileMs(99.9),
            count == 0 ? double.NaN : Interlocked.Read(ref _max) / 1000.0,
            count == 0 ? double.NaN : Interlocked.Read(ref _sum) / 1000.0 / count);
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        var sub = (int)(value >> shift) - SubBucketCount;
        return LinearLimit + ((shift - 1) * SubBucketCount) + sub;
    }

    /// <summary>The largest value that lands in bucket <paramref name="index"/>.</summary>
    internal static long HighestEquivalent(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBucketCount) + 1;
        var sub = ((index - LinearLimit) % SubBucketCount) + SubBucketCount;
        return ((long)(sub + 1) << shift) - 1;
    }
}
