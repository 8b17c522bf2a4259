using Observatory.ServiceDefaults.Stats;
using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>
/// Recent latency, from the difference between each silo's consecutive cumulative snapshots: each
/// difference lands in the second between the two snapshots, so the last minute, any second and any
/// minute of the last two have their own histogram. Differences are taken per silo address, which is
/// unique per incarnation, so a restarted silo starts from zero instead of going backwards, and a
/// silo leaving (its totals retired) adds nothing. Not thread-safe: the grain serialises access.
/// </summary>
public sealed class LatencyWindows
{
    /// <summary>The window of the "recent" percentiles: long enough for a stable p95 at a few tasks a second.</summary>
    public const int WindowSeconds = 60;

    /// <summary>A report can land up to about a flush interval after its second; this one will not change any more.</summary>
    private const int SettledAfterSeconds = 2;

    private readonly LatencyRing _queueWait = new();
    private readonly LatencyRing _runTime = new();
    private readonly LatencyRing _submitToDone = new();
    private readonly LatencyHistogram _sum = new();

    /// <summary>Adds what <paramref name="current"/> recorded since <paramref name="previous"/>, the same silo's last accepted snapshot (null when none).</summary>
    public void Observe(SiloStatsSnapshot? previous, SiloStatsSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);

        // A silo first met after its first snapshot (this grain reactivated, or the first reports were lost)
        // holds its whole life so far: a baseline, not one second's samples.
        if (previous is null && current.Sequence != 1)
        {
            return;
        }

        var second = (previous is null ? current.TakenAt : previous.TakenAt + ((current.TakenAt - previous.TakenAt) / 2)).ToUnixTimeSeconds();
        _queueWait.AddSince(second, previous?.QueueWait, current.QueueWait);
        _runTime.AddSince(second, previous?.RunTime, current.RunTime);
        _submitToDone.AddSince(second, previous?.SubmitToDone, current.SubmitToDone);
    }

    /// <summary>The last <see cref="WindowSeconds"/> whole seconds before <paramref name="now"/>, and the newest settled second.</summary>
    public RecentLatency Recent(DateTimeOffset now)
    {
        var last = now.ToUnixTimeSeconds() - 1;
        var window = new LatencyStats(
            Summarize(_queueWait, last - WindowSeconds + 1, last),
            Summarize(_runTime, last - WindowSeconds + 1, last),
            Summarize(_submitToDone, last - WindowSeconds + 1, last));
        var settled = now.ToUnixTimeSeconds() - SettledAfterSeconds;
        return new RecentLatency(WindowSeconds, window, DateTimeOffset.FromUnixTimeSeconds(settled), Summarize(_submitToDone, settled, settled));
    }

    /// <summary>Submit → done of the second starting at <paramref name="start"/>; null when no task ended in it.</summary>
    public LatencyPercentiles? Second(long start) => Percentiles(start, start);

    /// <summary>Submit → done of the minute starting at <paramref name="start"/> (the current or the previous one); null when no task ended in it.</summary>
    public LatencyPercentiles? Minute(long start) => Percentiles(start, start + 59);

    private LatencyPercentiles? Percentiles(long first, long last) =>
        _submitToDone.SumInto(_sum, first, last) is { Count: > 0 } sum ? new(sum.PercentileMs(0.50)!.Value, sum.PercentileMs(0.95)!.Value) : null;

    private LatencySummary Summarize(LatencyRing ring, long first, long last) => ring.SumInto(_sum, first, last).Summarize();
}
