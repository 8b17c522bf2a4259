using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Creates each queue's <see cref="RabbitMqQueueCache"/>, bounded by <see cref="RabbitMqStreamOptions.CacheSize"/>.</summary>
internal sealed class RabbitMqQueueAdapterCache(int cacheSize) : IQueueAdapterCache
{
    public IQueueCache CreateQueueCache(QueueId queueId) => new RabbitMqQueueCache(cacheSize);
}
