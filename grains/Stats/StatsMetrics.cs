using Prometheus;

namespace Observatory.Grains.Stats;

/// <summary>The statistics' own Prometheus metrics: how the flush and the silo reports fare.</summary>
internal static class StatsMetrics
{
    public static readonly Counter Flushes = Metrics.CreateCounter(
        "observatory_stats_flushes_total", "Flushes of the merged statistics to Redis that succeeded.");

    public static readonly Counter FlushFailures = Metrics.CreateCounter(
        "observatory_stats_flush_failures_total", "Flushes to Redis that failed; the live statistics were unaffected.");

    public static readonly Histogram FlushDuration = Metrics.CreateHistogram(
        "observatory_stats_flush_duration_seconds", "Time one pipelined flush to Redis took.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 14) });

    public static readonly Counter ReportFailures = Metrics.CreateCounter(
        "observatory_stats_report_failures_total", "Snapshots this silo could not send to the cluster stats grain (the next one carries the same counts).");

    public static readonly Gauge FeedDropped = Metrics.CreateGauge(
        "observatory_stats_feed_dropped_events", "Events this silo's aggregator lost because it fell behind its feed.");
}
