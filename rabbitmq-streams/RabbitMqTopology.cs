using RabbitMQ.Client;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// The broker objects a provider uses: a consistent-hash exchange named by the prefix that spreads
/// streams over one durable queue per Orleans queue id (the same stream key always reaches the same
/// queue, whoever publishes it), and a dead-letter exchange and queue where rejected messages land
/// with the broker's <c>x-death</c> record. Declaring is idempotent, so publishers and receivers
/// both declare what they use.
/// </summary>
internal static class RabbitMqTopology
{
    /// <summary>Every queue is bound with the same weight, so streams spread evenly.</summary>
    private const string EqualWeight = "1";

    public static string ExchangeName(RabbitMqStreamOptions options) => options.QueueNamePrefix;

    public static string DeadLetterName(RabbitMqStreamOptions options) => options.QueueNamePrefix + ".dead-letter";

    public static async Task DeclareAsync(IChannel channel, RabbitMqStreamOptions options, IEnumerable<string> queueNames, CancellationToken cancellationToken)
    {
        var deadLetter = DeadLetterName(options);
        await channel.ExchangeDeclareAsync(deadLetter, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(deadLetter, durable: true, exclusive: false, autoDelete: false, arguments: QueueArguments(options, deadLetterExchange: null), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(deadLetter, deadLetter, routingKey: string.Empty, cancellationToken: cancellationToken);

        var exchange = ExchangeName(options);
        await channel.ExchangeDeclareAsync(exchange, "x-consistent-hash", durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var arguments = QueueArguments(options, deadLetter);
        foreach (var queue in queueNames)
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, exchange, EqualWeight, cancellationToken: cancellationToken);
        }
    }

    private static Dictionary<string, object?> QueueArguments(RabbitMqStreamOptions options, string? deadLetterExchange)
    {
        var arguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = options.QueueType == RabbitMqQueueType.Quorum ? "quorum" : "classic",
        };
        if (deadLetterExchange is not null)
        {
            arguments["x-dead-letter-exchange"] = deadLetterExchange;
        }

        return arguments;
    }
}
