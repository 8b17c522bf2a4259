using Prometheus;

namespace Observatory.Silo.Archive;

/// <summary>The archive writer's Prometheus metrics, labelled by backend.</summary>
internal static class EventArchiveMetrics
{
    private static readonly string[] Labels = ["backend"];

    public static readonly Counter Written = Prometheus.Metrics.CreateCounter(
        "observatory_archive_events_written_total", "Lifecycle events written to the archive.", Labels);

    public static readonly Counter WriteFailures = Prometheus.Metrics.CreateCounter(
        "observatory_archive_write_failures_total", "Batch writes to the archive that failed (each is retried).", Labels);

    public static readonly Gauge Buffered = Prometheus.Metrics.CreateGauge(
        "observatory_archive_buffered_events", "Events waiting to be archived on this silo.", Labels);

    public static readonly Counter Dropped = Prometheus.Metrics.CreateCounter(
        "observatory_archive_dropped_events_total", "Events never archived because the buffer was full (the oldest go first).", Labels);

    public static readonly Histogram BatchWriteDuration = Prometheus.Metrics.CreateHistogram(
        "observatory_archive_batch_write_duration_seconds",
        "Time to write one batch to the archive, successful or not.",
        new HistogramConfiguration { LabelNames = Labels, Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
}
