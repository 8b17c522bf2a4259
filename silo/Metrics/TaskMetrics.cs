using Prometheus;

namespace Observatory.Silo.Metrics;

/// <summary>
/// The silo's task metrics (see docs/metrics.md). Task-type labels are bounded by
/// <see cref="TaskTypeLabels"/>; outcomes are the fixed set of <see cref="TaskOutcome"/>.
/// </summary>
internal static class TaskMetrics
{
    /// <summary>Milliseconds to hours: quick tasks, long sleeps and day-long back-offs fall into distinct buckets.</summary>
    private static readonly double[] DurationBuckets =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];

    private static readonly HistogramConfiguration Durations = new() { Buckets = DurationBuckets };

    public static readonly Counter Started = Prometheus.Metrics.CreateCounter(
        "observatory_tasks_started_total", "Attempts started on this silo.", "type");

    public static readonly Counter Completed = Prometheus.Metrics.CreateCounter(
        "observatory_tasks_completed_total", "Tasks that reached a terminal state on this silo, by outcome (succeeded, failed, dead_lettered, cancelled).", "type", "outcome");

    public static readonly Counter AttemptFailures = Prometheus.Metrics.CreateCounter(
        "observatory_task_attempt_failures_total", "Attempts that failed (handler error, timeout, interruption), retried or not.", "type");

    public static readonly Counter Retries = Prometheus.Metrics.CreateCounter(
        "observatory_task_retries_total", "Retries scheduled after a failed attempt.", "type");

    public static readonly Histogram QueueWait = Prometheus.Metrics.CreateHistogram(
        "observatory_task_queue_wait_seconds", "Time from a task becoming runnable (submitted, due or retry due) to its attempt starting.", ["type"], Durations);

    public static readonly Histogram RunTime = Prometheus.Metrics.CreateHistogram(
        "observatory_task_run_seconds", "Run time of an attempt, from its start to its end (success, failure or cancel).", ["type"], Durations);

    public static readonly Histogram SubmitToDone = Prometheus.Metrics.CreateHistogram(
        "observatory_task_submit_to_done_seconds", "Time from a task's submission to its terminal state, by outcome.", ["type", "outcome"], Durations);

    public static readonly Gauge Running = Prometheus.Metrics.CreateGauge(
        "observatory_tasks_running", "Attempts running on this silo now (slots in use).");

    public static readonly Gauge Slots = Prometheus.Metrics.CreateGauge(
        "observatory_task_slots", "Attempts this silo runs at most at once (Observatory:Tasks:MaxConcurrentAttempts).");

    public static readonly Counter FeedEventsDropped = Prometheus.Metrics.CreateCounter(
        "observatory_task_metrics_events_dropped_total", "Task events the metrics consumer lost because it fell behind the silo's event feed; the task counters undercount by this much.");
}
