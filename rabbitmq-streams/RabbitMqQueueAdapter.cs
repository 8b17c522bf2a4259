using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Publishes each stream's events through the provider's exchange and creates a receiver per queue.</summary>
internal sealed class RabbitMqQueueAdapter : IQueueAdapter
{
    private readonly RabbitMqStreamOptions _options;
    private readonly RabbitMqPublisher _publisher;
    private readonly Func<QueueId, RabbitMqQueueReceiver> _createReceiver;

    public RabbitMqQueueAdapter(string name, RabbitMqStreamOptions options, RabbitMqPublisher publisher, Func<QueueId, RabbitMqQueueReceiver> createReceiver)
    {
        Name = name;
        _options = options;
        _publisher = publisher;
        _createReceiver = createReceiver;
    }

    public string Name { get; }

    // Broker queues forget what they delivered: there is nothing to rewind to.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("This stream provider is not rewindable: producers cannot choose a sequence token.", nameof(token));
        }

        var list = events as IReadOnlyList<T> ?? events.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await _publisher.PublishAsync(streamId, list, CancellationToken.None);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => _createReceiver(queueId);
}
