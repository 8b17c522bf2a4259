using Observatory.Stats;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>One history bucket to write: its counts, and its latency (null when no task ended in it).</summary>
public sealed record HistoryBucket(long Start, SeriesCounts Counts, LatencyPercentiles? SubmitToDone);
