namespace Observatory.ServiceDefaults.Stats;

/// <summary>The median and 95th percentile, in milliseconds, of the submit → done times of one history bucket.</summary>
public sealed record LatencyPercentiles(double P50Ms, double P95Ms);
