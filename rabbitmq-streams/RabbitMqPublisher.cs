using System.Text.Json;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// Publishes stream messages with publisher confirms: a publish completes only once the broker has
/// taken responsibility for the message, and throws otherwise. One connection and one confirm channel
/// serve all callers; after any failure both are dropped and the next publish reconnects, so a broker
/// restart needs no restart of ours.
/// </summary>
internal sealed partial class RabbitMqPublisher : IAsyncDisposable
{
    private readonly string _providerName;
    private readonly RabbitMqStreamOptions _options;
    private readonly IReadOnlyList<string> _queueNames;
    private readonly string _exchange;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly SemaphoreSlim _inFlight;
    private IConnection? _connection;
    private IChannel? _channel;

    public RabbitMqPublisher(string providerName, RabbitMqStreamOptions options, IReadOnlyList<string> queueNames, ILogger logger)
    {
        _providerName = providerName;
        RabbitMqStreamMetrics.StartPublishing(providerName);
        _options = options;
        _queueNames = queueNames;
        _exchange = RabbitMqTopology.ExchangeName(options);
        _logger = logger;
        _inFlight = new SemaphoreSlim(options.MaxInFlightPublishes, options.MaxInFlightPublishes);
    }

    public bool IsConnected => _channel is { IsOpen: true };

    public async Task PublishAsync<T>(StreamId streamId, IReadOnlyList<T> events, CancellationToken cancellationToken)
    {
        var body = events.Count == 1
            ? JsonSerializer.SerializeToUtf8Bytes(events[0], JsonSerializerOptions.Web)
            : JsonSerializer.SerializeToUtf8Bytes(events, JsonSerializerOptions.Web);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = RabbitMqWireFormat.JsonContentType,
            MessageId = events.Count == 1 && events[0] is { } single ? _options.MessageIdSelector?.Invoke(single) : null,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = RabbitMqWireFormat.HeadersFor(streamId, StreamSequenceClock.Next(TimeProvider.System)),
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        var slotTaken = false;
        try
        {
            await _inFlight.WaitAsync(timeout.Token);
            slotTaken = true;
            var channel = await GetChannelAsync(timeout.Token);

            // The exchange hashes the stream key to pick the queue. Mandatory: a message no queue
            // takes comes back as a failed publish instead of vanishing.
            await channel.BasicPublishAsync(_exchange, RabbitMqWireFormat.RoutingKeyFor(streamId), mandatory: true, properties, body, timeout.Token);
            RabbitMqStreamMetrics.Published.WithLabels(_providerName).Inc();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            RabbitMqStreamMetrics.PublishFailures.WithLabels(_providerName).Inc();
            LogPublishFailed(_logger, exception, _providerName, streamId);
            await ResetAsync();
            throw new RabbitMqPublishException($"Publishing stream {streamId} to RabbitMQ failed: {exception.Message}", exception);
        }
        finally
        {
            if (slotTaken)
            {
                _inFlight.Release();
            }
        }
    }

    private async ValueTask<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } reopened)
            {
                return reopened;
            }

            await CloseAsync();
            var factory = RabbitMqConnections.CreateFactory(_options, $"{_providerName}-publisher");
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            _channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            await RabbitMqTopology.DeclareAsync(_channel, _options, _queueNames, cancellationToken);
            LogConnected(_logger, _providerName);
            return _channel;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task ResetAsync()
    {
        await _connectLock.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task CloseAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        await RabbitMqConnections.CloseQuietlyAsync(channel, connection);
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _connectLock.Dispose();
        _inFlight.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Stream provider {Provider}: publisher connected to RabbitMQ")]
    private static partial void LogConnected(ILogger logger, string provider);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Stream provider {Provider}: publish of stream {StreamId} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string provider, StreamId streamId);
}
