namespace Observatory.Streaming.RabbitMq;

/// <summary>Settings of one RabbitMQ stream provider, bound by provider name.</summary>
public sealed class RabbitMqStreamOptions
{
    /// <summary>The broker, e.g. <c>amqp://guest:guest@127.0.0.1:5672/</c>; the path selects the virtual host.</summary>
    public Uri? ConnectionUri { get; set; }

    /// <summary>Prefix of the queue names: queues are <c>{prefix}-{index}</c>, dead letters go to <c>{prefix}.dead-letter</c>.</summary>
    public string QueueNamePrefix { get; set; } = "observatory-tasks";

    /// <summary>
    /// How many queues the streams are spread over. Fixed for the life of a deployment: changing it
    /// remaps streams to other queues and strands what is already queued.
    /// </summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Quorum queues (replicated, the default) or durable classic queues.</summary>
    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Quorum;

    /// <summary>Unacknowledged messages the broker may push to one receiver; bounds each receiver's memory.</summary>
    public ushort PrefetchCount { get; set; } = 512;

    /// <summary>
    /// Messages each pulling agent holds in its cache, delivered or not. When full the agent stops
    /// reading until consumers catch up, and the broker keeps the rest (bounded by the prefetch count).
    /// </summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>Publishes waiting for a broker confirm at once; further publishers wait for a slot.</summary>
    public int MaxInFlightPublishes { get; set; } = 1024;

    /// <summary>How long a publish may take, connection and confirm included, before it fails.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before a receiver reconnects; doubles per failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each receiver refreshes its queue-depth and unacked-age gauges.</summary>
    public TimeSpan QueueMetricsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Deliveries of one message that may fail (each after the pulling agent's own retries for
    /// <c>MaxEventDeliveryTime</c>) before it goes to the dead-letter queue with the reason. Counted
    /// by the broker on quorum queues; classic queues only flag a redelivery, so there it is at most 2.
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>
    /// Gives the application event id of an event, written as the AMQP <c>message_id</c> so consumers
    /// and operators can recognise duplicates. Optional.
    /// </summary>
    public Func<object, string?>? MessageIdSelector { get; set; }
}

/// <summary>The kind of RabbitMQ queue the provider declares.</summary>
public enum RabbitMqQueueType
{
    Quorum,
    Classic,
}
