namespace Observatory.Streaming.RabbitMq;

/// <summary>The queues one silo's pulling agents read for one provider, as that silo reports them.</summary>
[GenerateSerializer]
[Alias("observatory.rabbitmq.queue-ownership.v1")]
public sealed record StreamQueueOwnership(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Provider,
    [property: Id(2)] IReadOnlyList<string> Queues);
