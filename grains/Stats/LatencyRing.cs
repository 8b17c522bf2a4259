using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>
/// Per-second latency histograms of the last <see cref="Capacity"/> seconds in a ring (one slot per
/// second, reused as time moves on), into which the stats grain adds what each silo recorded since
/// its previous snapshot. Not thread-safe: the grain serialises access.
/// </summary>
public sealed class LatencyRing
{
    /// <summary>Two minutes: the previous whole minute, which the flush keeps rewriting, and the current one.</summary>
    public const int Capacity = 120;

    private readonly long[] _second = new long[Capacity];
    private readonly long[] _counts = new long[Capacity * LatencyHistogram.BucketCount];

    public LatencyRing()
    {
        Array.Fill(_second, long.MinValue);
    }

    /// <summary>
    /// Adds to <paramref name="second"/> the samples <paramref name="after"/> holds beyond <paramref name="before"/>
    /// (both cumulative, of one silo). A bucket never adds less than zero, and a cumulative whose total went
    /// down started over, so all of it is new: nothing a silo reports can subtract samples.
    /// </summary>
    public void AddSince(long second, LatencyBuckets? before, LatencyBuckets after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var since = before is not null && Total(before.Counts) <= Total(after.Counts) ? before.Counts : [];
        var slot = SlotOf(second);
        if (_second[slot] != second)
        {
            if (_second[slot] > second)
            {
                return;
            }

            _second[slot] = second;
            Array.Clear(_counts, slot * LatencyHistogram.BucketCount, LatencyHistogram.BucketCount);
        }

        var counts = _counts.AsSpan(slot * LatencyHistogram.BucketCount, LatencyHistogram.BucketCount);
        for (var i = 0; i < Math.Min(after.Counts.Length, counts.Length); i++)
        {
            var added = after.Counts[i] - (i < since.Length ? since[i] : 0);
            if (added > 0)
            {
                counts[i] += added;
            }
        }
    }

    /// <summary>Empties <paramref name="into"/> and fills it with the samples of seconds <paramref name="first"/> to <paramref name="last"/> (inclusive).</summary>
    public LatencyHistogram SumInto(LatencyHistogram into, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        for (var second = Math.Max(first, last - Capacity + 1); second <= last; second++)
        {
            var slot = SlotOf(second);
            if (_second[slot] == second)
            {
                into.Add(_counts.AsSpan(slot * LatencyHistogram.BucketCount, LatencyHistogram.BucketCount));
            }
        }

        return into;
    }

    private static long Total(long[] counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        return total;
    }

    private static int SlotOf(long second) => (int)(((second % Capacity) + Capacity) % Capacity);
}
