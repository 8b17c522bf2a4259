using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Builds the adapter, its cache and its queue mapping for one named provider.</summary>
public sealed class RabbitMqQueueAdapterFactory : IQueueAdapterFactory, IAsyncDisposable
{
    private readonly string _name;
    private readonly RabbitMqStreamOptions _options;
    private readonly HashRingBasedStreamQueueMapper _queueMapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly RabbitMqPublisher _publisher;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;

    public RabbitMqQueueAdapterFactory(string name, RabbitMqStreamOptions options, SimpleQueueCacheOptions cacheOptions, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _options = options;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _queueMapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, options.QueueNamePrefix);
        _cache = new SimpleQueueAdapterCache(cacheOptions, name, loggerFactory);
        var queueNames = _queueMapper.GetAllQueues().Select(q => q.ToString()).ToArray();
        _publisher = new RabbitMqPublisher(name, options, queueNames, loggerFactory.CreateLogger<RabbitMqPublisher>());
    }

    /// <summary>The factory method Orleans calls for a provider registered under <paramref name="name"/>.</summary>
    public static RabbitMqQueueAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RabbitMqStreamOptions>>().Get(name);
        var cacheOptions = services.GetOptionsByName<SimpleQueueCacheOptions>(name);
        return new RabbitMqQueueAdapterFactory(
            name,
            options,
            cacheOptions,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    /// <summary>True while the publisher holds an open confirm channel.</summary>
    public bool IsPublisherConnected => _publisher.IsConnected;

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new RabbitMqQueueAdapter(_name, _options, _publisher, _loggerFactory, _timeProvider));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _queueMapper;

    // Delivery failures leave the message unacked (the cache never reports it delivered), so the
    // broker redelivers it after the channel closes; bounded retries and dead-lettering come with
    // the failure handler of the hardened provider.
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public ValueTask DisposeAsync() => _publisher.DisposeAsync();
}
