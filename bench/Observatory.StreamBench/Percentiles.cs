namespace Observatory.StreamBench;

internal static class Percentiles
{
    public static double Of(double[] sorted, int percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}
