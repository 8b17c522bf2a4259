using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Builds the adapter, its cache and its queue mapping for one named provider.</summary>
public sealed class RabbitMqQueueAdapterFactory : IQueueAdapterFactory, IControllable, IAsyncDisposable
{
    private readonly string _name;
    private readonly RabbitMqStreamOptions _options;
    private readonly HashRingBasedStreamQueueMapper _queueMapper;
    private readonly RabbitMqQueueAdapterCache _cache;
    private readonly RabbitMqPublisher _publisher;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<QueueId, RabbitMqQueueReceiver> _receivers = new();
    private string _silo = "client";

    public RabbitMqQueueAdapterFactory(string name, RabbitMqStreamOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _options = options;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _queueMapper = RabbitMqStreamQueues.Mapper(options);
        _cache = new RabbitMqQueueAdapterCache(options.CacheSize);
        var queueNames = _queueMapper.GetAllQueues().Select(q => q.ToString()).ToArray();
        _publisher = new RabbitMqPublisher(name, options, queueNames, loggerFactory.CreateLogger<RabbitMqPublisher>());
    }

    /// <summary>The factory method Orleans calls for a provider registered under <paramref name="name"/>.</summary>
    public static RabbitMqQueueAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RabbitMqStreamOptions>>().Get(name);
        var factory = new RabbitMqQueueAdapterFactory(
            name,
            options,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System);
        services.GetService<RabbitMqStreamHealthCheck>()?.Register(name, factory);
        if (services.GetService<ILocalSiloDetails>() is { } silo)
        {
            factory._silo = silo.SiloAddress.ToParsableString();
        }

        return factory;
    }

    /// <summary>The queues this process pulls and whether each receiver holds an open channel.</summary>
    internal IReadOnlyList<(string Queue, bool Connected)> ReceiverStates() =>
        [.. _receivers.Values.Select(r => (r.QueueName, r.IsConnected))];

    /// <summary>Answers <see cref="RabbitMqStreamQueues.OwnershipCommand"/> with the queues this silo's agents read now.</summary>
    public Task<object?> ExecuteCommand(int command, object? arg) => command == RabbitMqStreamQueues.OwnershipCommand
        ? Task.FromResult<object?>(new StreamQueueOwnership(_silo, _name, [.. _receivers.Values.Where(r => r.IsRunning).Select(r => r.QueueName).Order(StringComparer.Ordinal)]))
        : throw new ArgumentOutOfRangeException(nameof(command), command, "Not a command of this stream provider.");

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new RabbitMqQueueAdapter(_name, _options, _publisher, CreateReceiver));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    private RabbitMqQueueReceiver CreateReceiver(QueueId queueId) =>
        _receivers[queueId] = new RabbitMqQueueReceiver(_name, queueId.ToString(), _options, _loggerFactory.CreateLogger<RabbitMqQueueReceiver>(), _timeProvider);

    public IStreamQueueMapper GetStreamQueueMapper() => _queueMapper;

    // Resolved when a failure happens: the agent may ask for the handler before it creates the receiver.
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new RabbitMqDeliveryFailureHandler(() => _receivers.GetValueOrDefault(queueId)));

    public ValueTask DisposeAsync() => _publisher.DisposeAsync();
}
