using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>The merged view of the silos' snapshots, and the series buckets to flush.</summary>
internal sealed record ClusterStatsMerge(ClusterStats Stats, IReadOnlyList<SeriesBucket> Seconds, IReadOnlyList<SeriesBucket> Minutes)
{
    /// <summary>
    /// Adds the live silos' cumulative counters to those of silos that left, sums their rolling
    /// windows and series buckets (only live silos have current ones), and takes the task counts and recent latency as given.
    /// </summary>
    public static ClusterStatsMerge Of(StatsTotals retired, IReadOnlyCollection<SiloStatsSnapshot> live, StatusCounts tasks, RecentLatency recentLatency, DateTimeOffset now)
    {
        var totals = new StatsTotals();
        totals.Add(retired);
        foreach (var snapshot in live)
        {
            totals.Add(snapshot);
        }

        var windows = StatsLimits.WindowSeconds
            .Select(seconds => new WindowSum(seconds, Sum(live.Select(s => s.Windows.FirstOrDefault(w => w.Seconds == seconds)?.Counts))))
            .ToList();
        var last10 = windows.First(w => w.Seconds == 10).Counts;
        var last15m = windows.First(w => w.Seconds == 900).Counts;
        var stats = new ClusterStats(
            now,
            tasks,
            totals.Events,
            totals.TopTypes(),
            new Throughput(last10.Completed / 10.0, last15m.Completed / 15.0, last10.Started / 10.0, windows),
            new LatencyStats(totals.QueueWait.Summarize(), totals.RunTime.Summarize(), totals.SubmitToDone.Summarize()),
            totals.LastEventAt,
            [.. live.OrderBy(s => s.Silo, StringComparer.Ordinal).Select(s => new SiloFreshness(s.Silo, s.Sequence, s.TakenAt, Math.Max(0, (now - s.TakenAt).TotalMilliseconds), s.Dropped))],
            recentLatency);
        return new ClusterStatsMerge(stats, SumBuckets(live.SelectMany(s => s.Seconds)), SumBuckets(live.SelectMany(s => s.Minutes)));
    }

    private static SeriesCounts Sum(IEnumerable<SeriesCounts?> counts) =>
        counts.Aggregate(SeriesCounts.Zero, (sum, c) => c is null ? sum : sum.Add(c));

    private static List<SeriesBucket> SumBuckets(IEnumerable<SeriesBucket> buckets) =>
        [.. buckets.GroupBy(b => b.Start).OrderBy(g => g.Key).Select(g => new SeriesBucket(g.Key, Sum(g.Select(b => b.Counts))))];
}
