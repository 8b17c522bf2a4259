using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// Operator access to a provider's dead-letter queue: list what is there and why, and replay chosen
/// messages back to their streams once their cause is fixed. Listing leaves the queue as it was.
/// </summary>
public sealed class RabbitMqDeadLetters
{
    private static readonly string[] DeadLetterHeaders =
    [
        RabbitMqWireFormat.DeadLetterReasonHeader,
        RabbitMqWireFormat.DeliveryAttemptsHeader,
        RabbitMqWireFormat.OriginalQueueHeader,
        RabbitMqWireFormat.DeadLetteredAtHeader,
        "x-death",
    ];

    private readonly RabbitMqStreamOptions _options;

    public RabbitMqDeadLetters(RabbitMqStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Up to <paramref name="max"/> dead letters, oldest first; the queue is left unchanged.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await RabbitMqConnections.CreateFactory(_options, "dead-letter-list").CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var letters = new List<DeadLetter>();
        ulong lastTag = 0;
        while (letters.Count < max && await channel.BasicGetAsync(RabbitMqTopology.DeadLetterName(_options), autoAck: false, cancellationToken) is { } message)
        {
            letters.Add(Describe(message));
            lastTag = message.DeliveryTag;
        }

        if (lastTag != 0)
        {
            // Hand every message back, in order: listing must not consume.
            await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, cancellationToken);
        }

        return letters;
    }

    /// <summary>
    /// Publishes the dead letters whose message id is in <paramref name="messageIds"/> back to their
    /// streams (through the provider's exchange, with the dead-letter headers removed) and removes
    /// them from the dead-letter queue once the broker confirmed the copy. Returns how many were replayed.
    /// </summary>
    public async Task<int> ReplayAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var wanted = messageIds.ToHashSet(StringComparer.Ordinal);
        var queue = RabbitMqTopology.DeadLetterName(_options);
        await using var connection = await RabbitMqConnections.CreateFactory(_options, "dead-letter-replay").CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        // Visit each message once: the ones kept stay unacked until the end, so they are not fetched again.
        var count = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        var replayed = 0;
        ulong lastTag = 0;
        for (uint i = 0; i < count && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message; i++)
        {
            lastTag = message.DeliveryTag;
            var key = RabbitMqWireFormat.HeaderText(message.BasicProperties, RabbitMqWireFormat.StreamKeyHeader);
            if (message.BasicProperties.MessageId is not { } id || !wanted.Contains(id) || key is null)
            {
                continue;
            }

            await publisher.BasicPublishAsync(RabbitMqTopology.ExchangeName(_options), key, mandatory: true, ReplayProperties(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            replayed++;
        }

        if (lastTag != 0)
        {
            // Everything not replayed goes back, in order (acked messages are no longer outstanding).
            await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, cancellationToken);
        }

        return replayed;
    }

    private static DeadLetter Describe(BasicGetResult message)
    {
        var properties = message.BasicProperties;
        var attempts = properties.Headers is not null && properties.Headers.TryGetValue(RabbitMqWireFormat.DeliveryAttemptsHeader, out var value) && value is not null
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : (int?)null;
        return new DeadLetter(
            properties.MessageId,
            RabbitMqWireFormat.HeaderText(properties, RabbitMqWireFormat.DeadLetterReasonHeader),
            attempts,
            RabbitMqWireFormat.HeaderText(properties, RabbitMqWireFormat.OriginalQueueHeader),
            RabbitMqWireFormat.HeaderText(properties, RabbitMqWireFormat.DeadLetteredAtHeader),
            RabbitMqWireFormat.HeaderText(properties, RabbitMqWireFormat.StreamNamespaceHeader),
            RabbitMqWireFormat.HeaderText(properties, RabbitMqWireFormat.StreamKeyHeader),
            Encoding.UTF8.GetString(message.Body.Span));
    }

    private static BasicProperties ReplayProperties(IReadOnlyBasicProperties original) =>
        RabbitMqWireFormat.CopyOf(original, headers =>
        {
            foreach (var header in DeadLetterHeaders)
            {
                headers.Remove(header);
            }

            // A replay is a new message in its stream's order: a consumer that drops tokens it has
            // passed must not mistake it for an old duplicate. Its event id (message_id) is unchanged.
            headers[RabbitMqWireFormat.SequenceHeader] = StreamSequenceClock.Next(TimeProvider.System);
        });
}
