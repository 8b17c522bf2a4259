using Prometheus;

namespace Observatory.Streaming.RabbitMq;

/// <summary>The provider's Prometheus metrics, labelled by provider name (and queue where it applies).</summary>
internal static class RabbitMqStreamMetrics
{
    public static readonly Counter Published = Metrics.CreateCounter(
        "observatory_stream_messages_published_total", "Messages the broker confirmed.", "provider");

    public static readonly Counter PublishFailures = Metrics.CreateCounter(
        "observatory_stream_publish_failures_total", "Publishes that failed or timed out; the caller was told.", "provider");

    public static readonly Counter Delivered = Metrics.CreateCounter(
        "observatory_stream_messages_delivered_total", "Messages the broker delivered to a receiver.", "provider", "queue");

    public static readonly Counter Redelivered = Metrics.CreateCounter(
        "observatory_stream_messages_redelivered_total", "Deliveries the broker flagged as redelivered.", "provider", "queue");

    public static readonly Counter Acked = Metrics.CreateCounter(
        "observatory_stream_messages_acked_total", "Messages acknowledged after every consumer processed them.", "provider", "queue");

    public static readonly Counter DeadLettered = Metrics.CreateCounter(
        "observatory_stream_messages_dead_lettered_total", "Messages rejected to the dead-letter queue.", "provider", "queue");

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "observatory_stream_queue_depth", "Messages ready in the broker queue, not yet pushed to a receiver.", "provider", "queue");

    public static readonly Gauge Unacked = Metrics.CreateGauge(
        "observatory_stream_unacked_messages", "Messages a receiver holds that are not yet acknowledged.", "provider", "queue");

    public static readonly Gauge OldestUnackedAge = Metrics.CreateGauge(
        "observatory_stream_oldest_unacked_age_seconds", "Age of the oldest message a receiver holds unacknowledged (0 when none).", "provider", "queue");

    public static readonly Gauge Connected = Metrics.CreateGauge(
        "observatory_stream_receiver_connected", "1 while the receiver of a queue holds an open channel.", "provider", "queue");

    /// <summary>
    /// Creates a publisher's counters at zero, so they are exported (and rates and alerts over them
    /// are defined) before the first failure.
    /// </summary>
    public static void StartPublishing(string provider)
    {
        Published.WithLabels(provider);
        PublishFailures.WithLabels(provider);
    }

    /// <summary>Creates a receiver's counters at zero, so they are exported before the first redelivery or dead letter.</summary>
    public static void StartReceiving(string provider, string queue)
    {
        Delivered.WithLabels(provider, queue);
        Redelivered.WithLabels(provider, queue);
        Acked.WithLabels(provider, queue);
        DeadLettered.WithLabels(provider, queue);
    }
}
