using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>
/// Per-second counts of the last 15 minutes in a ring (one slot per second, reused as time moves
/// on), from which the rolling windows and the recent series buckets are summed. Counting is an
/// array increment, no allocation. Not thread-safe: the aggregator serialises access.
/// </summary>
public sealed class RollingCounts
{
    public const int Capacity = 900;
    private const int Metrics = 6;

    private readonly long[] _second = new long[Capacity];
    private readonly long[] _values = new long[Capacity * Metrics];

    public RollingCounts()
    {
        Array.Fill(_second, long.MinValue);
    }

    /// <summary>Counts one <paramref name="metric"/> in Unix second <paramref name="second"/>; seconds older than the ring are ignored.</summary>
    public void Increment(long second, SeriesMetric metric)
    {
        var slot = SlotOf(second);
        if (_second[slot] != second)
        {
            if (_second[slot] > second)
            {
                return;
            }

            _second[slot] = second;
            Array.Clear(_values, slot * Metrics, Metrics);
        }

        _values[(slot * Metrics) + (int)metric]++;
    }

    /// <summary>The sum over the <paramref name="seconds"/> seconds ending with <paramref name="now"/> (inclusive).</summary>
    public SeriesCounts Sum(long now, int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, Capacity);
        Span<long> sum = stackalloc long[Metrics];
        for (var second = now - seconds + 1; second <= now; second++)
        {
            var slot = SlotOf(second);
            if (_second[slot] == second)
            {
                for (var metric = 0; metric < Metrics; metric++)
                {
                    sum[metric] += _values[(slot * Metrics) + metric];
                }
            }
        }

        return new SeriesCounts(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);
    }

    /// <summary>The counts of one second (zero when the ring no longer or not yet holds it).</summary>
    public SeriesCounts At(long second) => Sum(second, 1);

    private static int SlotOf(long second) => (int)(((second % Capacity) + Capacity) % Capacity);
}
