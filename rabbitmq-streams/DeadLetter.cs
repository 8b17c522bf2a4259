namespace Observatory.Streaming.RabbitMq;

/// <summary>A message in a provider's dead-letter queue, as <see cref="RabbitMqDeadLetters.ListAsync"/> reports it.</summary>
/// <param name="MessageId">The AMQP <c>message_id</c> (the producer's event id), used to pick messages to replay.</param>
/// <param name="Reason">Why the provider gave up on it.</param>
/// <param name="Attempts">How many deliveries were tried.</param>
/// <param name="OriginalQueue">The queue it was taken from.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered, as recorded (ISO 8601).</param>
/// <param name="StreamNamespace">The stream namespace header, if it had one.</param>
/// <param name="StreamKey">The stream key header, if it had one.</param>
/// <param name="Body">The original body as text.</param>
public sealed record DeadLetter(
    string? MessageId,
    string? Reason,
    int? Attempts,
    string? OriginalQueue,
    string? DeadLetteredAt,
    string? StreamNamespace,
    string? StreamKey,
    string Body);
