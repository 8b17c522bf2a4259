namespace Observatory.LoadTest.Metrics;

/// <summary>Percentiles of one latency distribution, in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);
