namespace Observatory.Grains.Stats;

/// <summary>What the rolling counts and the history series count, one slot each.</summary>
public enum SeriesMetric
{
    Started = 0,
    Succeeded = 1,
    Failed = 2,
    DeadLettered = 3,
    Cancelled = 4,
    Retried = 5,
}
