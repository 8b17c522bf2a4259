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

    public static readonly Gauge Connected = Metrics.CreateGauge(
        "observatory_stream_receiver_connected", "1 while the receiver of a queue holds an open channel.", "provider", "queue");
}
