using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>The cumulative part of silo snapshots (counters and histograms), added up.</summary>
internal sealed class StatsTotals
{
    public Dictionary<string, long> Events { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OutcomeCounts> Types { get; } = new(StringComparer.Ordinal);

    public LatencyHistogram QueueWait { get; } = new();

    public LatencyHistogram RunTime { get; } = new();

    public LatencyHistogram SubmitToDone { get; } = new();

    public DateTimeOffset? LastEventAt { get; private set; }

    public void Add(StatsTotals other)
    {
        Add(other.Events, other.Types);
        QueueWait.Add(other.QueueWait.ToBuckets());
        RunTime.Add(other.RunTime.ToBuckets());
        SubmitToDone.Add(other.SubmitToDone.ToBuckets());
        Seen(other.LastEventAt);
    }

    public void Add(SiloStatsSnapshot snapshot)
    {
        Add(snapshot.Events, snapshot.Types);
        QueueWait.Add(snapshot.QueueWait);
        RunTime.Add(snapshot.RunTime);
        SubmitToDone.Add(snapshot.SubmitToDone);
        Seen(snapshot.LastEventAt);
    }

    /// <summary>Outcomes by type, the <see cref="StatsLimits.MaxTaskTypes"/> busiest by name and the rest summed as <see cref="StatsLimits.OtherType"/>.</summary>
    public IReadOnlyDictionary<string, OutcomeCounts> TopTypes()
    {
        var ranked = Types.Where(t => t.Key != StatsLimits.OtherType)
            .OrderByDescending(t => t.Value.Started + t.Value.Succeeded + t.Value.Failed + t.Value.DeadLettered + t.Value.Cancelled)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
        var top = ranked.Take(StatsLimits.MaxTaskTypes).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var other = ranked.Skip(StatsLimits.MaxTaskTypes).Aggregate(Types.GetValueOrDefault(StatsLimits.OtherType) ?? OutcomeCounts.Zero, (sum, t) => sum.Add(t.Value));
        if (other != OutcomeCounts.Zero)
        {
            top[StatsLimits.OtherType] = other;
        }

        return top;
    }

    private void Seen(DateTimeOffset? eventAt)
    {
        if (eventAt > LastEventAt || LastEventAt is null)
        {
            LastEventAt = eventAt;
        }
    }

    private void Add(IReadOnlyDictionary<string, long> events, IReadOnlyDictionary<string, OutcomeCounts> types)
    {
        foreach (var (type, count) in events)
        {
            Events[type] = Events.GetValueOrDefault(type) + count;
        }

        foreach (var (type, counts) in types)
        {
            Types[type] = (Types.GetValueOrDefault(type) ?? OutcomeCounts.Zero).Add(counts);
        }
    }
}
