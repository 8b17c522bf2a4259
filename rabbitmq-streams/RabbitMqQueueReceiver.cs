using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// Pulls one Orleans queue from its RabbitMQ queue. The broker pushes up to the prefetch count into a
/// local buffer; the pulling agent takes from it; a message is acked only when the agent reports it
/// delivered to every consumer. A broker that is down, at start or later, is retried with back-off
/// from the pull loop, so the queue always gets its consumer back.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The pulling agent owns receivers and never disposes them; a SemaphoreSlim without a wait handle holds nothing to release.")]
internal sealed partial class RabbitMqQueueReceiver : IQueueAdapterReceiver
{
    private readonly string _providerName;
    private readonly string _queueName;
    private readonly RabbitMqStreamOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentQueue<RabbitMqBatchContainer> _buffer = new();

    // Messages received on the current channel and not yet acked or handed back, by delivery tag.
    private readonly ConcurrentDictionary<ulong, RabbitMqBatchContainer> _pending = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    // A confirm channel on the same connection for dead-letter records: the original is acked only
    // after the broker confirmed its dead-letter copy.
    private IChannel? _deadLetterChannel;
    private long _generation;
    private int _failedConnects;
    private DateTimeOffset _nextConnectAttempt;
    private DateTimeOffset _nextMetricsRefresh;
    private bool _shutdown;

    public RabbitMqQueueReceiver(string providerName, string queueName, RabbitMqStreamOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _providerName = providerName;
        _queueName = queueName;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        RabbitMqStreamMetrics.StartReceiving(providerName, queueName);
    }

    public string QueueName => _queueName;

    public bool IsConnected => _channel is { IsOpen: true };

    /// <summary>Between the pulling agent's start and stop of this queue: the silo owns the queue.</summary>
    public bool IsRunning { get; private set; }

    public async Task Initialize(TimeSpan timeout)
    {
        IsRunning = true;
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await EnsureConnectedAsync(cancellation.Token);
        }
        catch (Exception exception)
        {
            // Never fail initialisation: the agent would leave this queue without a consumer.
            // The pull loop keeps trying to connect.
            LogConnectFailed(_logger, exception, _providerName, _queueName);
        }
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        if (_channel is not { IsOpen: true } && _timeProvider.GetUtcNow() >= _nextConnectAttempt)
        {
            try
            {
                await EnsureConnectedAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                LogConnectFailed(_logger, exception, _providerName, _queueName);
            }
        }

        await RefreshQueueMetricsAsync();
        var limit = maxCount < 0 ? int.MaxValue : maxCount;
        var batch = new List<IBatchContainer>(Math.Min(limit, _buffer.Count));
        while (batch.Count < limit && _buffer.TryDequeue(out var message))
        {
            batch.Add(message);
        }

        return batch;
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        var channel = _channel;
        var generation = Interlocked.Read(ref _generation);
        if (channel is not { IsOpen: true })
        {
            // The channel these tags belong to is gone; the broker redelivers those messages.
            return;
        }

        foreach (var message in messages)
        {
            // Only a delivery still pending on this channel: one the failure handler already handed
            // back must not be acked again (the broker would close the channel).
            if (message is RabbitMqBatchContainer container
                && container.ChannelGeneration == generation
                && _pending.TryRemove(new KeyValuePair<ulong, RabbitMqBatchContainer>(container.DeliveryTag, container)))
            {
                await channel.BasicAckAsync(container.DeliveryTag, multiple: false);
                RabbitMqStreamMetrics.Acked.WithLabels(_providerName, _queueName).Inc();
            }
        }
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        _shutdown = true;
        IsRunning = false;
        await _connectLock.WaitAsync(timeout);
        try
        {
            await CloseAsync();
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_shutdown || _channel is { IsOpen: true })
            {
                return;
            }

            await CloseAsync();
            try
            {
                var factory = RabbitMqConnections.CreateFactory(_options, $"{_providerName}-{_queueName}");
                _connection = await factory.CreateConnectionAsync(cancellationToken);
                _channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
                _deadLetterChannel = await _connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                    cancellationToken);
                await RabbitMqTopology.DeclareAsync(_channel, _options, [_queueName], cancellationToken);
                await _channel.BasicQosAsync(0, _options.PrefetchCount, global: false, cancellationToken);

                // Messages buffered from the previous channel will be redelivered by the broker; drop
                // them so they are not delivered twice from here.
                _buffer.Clear();
                _pending.Clear();
                var generation = Interlocked.Increment(ref _generation);
                var consumer = new AsyncEventingBasicConsumer(_channel);
                consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(delivery, generation);
                await _channel.BasicConsumeAsync(_queueName, autoAck: false, consumer, cancellationToken);
                _failedConnects = 0;
                RabbitMqStreamMetrics.Connected.WithLabels(_providerName, _queueName).Set(1);
                LogConnected(_logger, _providerName, _queueName, generation);
            }
            catch
            {
                await CloseAsync();
                var delay = TimeSpan.FromTicks(Math.Min(
                    _options.MaxReconnectDelay.Ticks,
                    _options.MinReconnectDelay.Ticks << Math.Min(_failedConnects, 20)));
                _failedConnects++;
                _nextConnectAttempt = _timeProvider.GetUtcNow() + delay;
                throw;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task OnReceivedAsync(BasicDeliverEventArgs delivery, long generation)
    {
        if (Interlocked.Read(ref _generation) != generation)
        {
            // A late callback of a channel we replaced; the broker redelivers its message on the new one.
            return;
        }

        RabbitMqStreamMetrics.Delivered.WithLabels(_providerName, _queueName).Inc();
        if (delivery.Redelivered)
        {
            RabbitMqStreamMetrics.Redelivered.WithLabels(_providerName, _queueName).Inc();
        }

        // The body buffer belongs to the client library and is reused after this callback returns.
        var body = delivery.Body.ToArray();
        if (!RabbitMqWireFormat.TryReadStreamId(delivery.BasicProperties, out var streamId, out var reason)
            || !RabbitMqWireFormat.IsWellFormedJson(body, out reason))
        {
            // No consumer could ever take it: dead-letter it at once, never drop it, never loop.
            await DeadLetterAsync(delivery.DeliveryTag, generation, delivery.BasicProperties, body, reason, attempts: 1);
            return;
        }

        // The producer's number makes the token the same on every delivery; a message without one is
        // numbered here, on the same clock, so it still sorts among its stream's stamped messages.
        var sequence = RabbitMqWireFormat.TryReadSequence(delivery.BasicProperties, out var stamped) ? stamped : StreamSequenceClock.Next(_timeProvider);
        var container = new RabbitMqBatchContainer(streamId.Value, body, new EventSequenceTokenV2(sequence), delivery.BasicProperties.MessageId)
        {
            DeliveryTag = delivery.DeliveryTag,
            ChannelGeneration = generation,
            Properties = delivery.BasicProperties,
            PreviousDeliveries = RabbitMqWireFormat.PreviousDeliveries(delivery),
            Redelivered = delivery.Redelivered,
            ReceivedAt = _timeProvider.GetUtcNow(),
        };
        _pending[container.DeliveryTag] = container;
        _buffer.Enqueue(container);
    }

    // Throttled: the pull loop runs every few milliseconds, the gauges need not.
    private async Task RefreshQueueMetricsAsync()
    {
        var now = _timeProvider.GetUtcNow();
        if (now < _nextMetricsRefresh)
        {
            return;
        }

        _nextMetricsRefresh = now + _options.QueueMetricsInterval;
        var oldest = _pending.IsEmpty ? now : _pending.Values.Min(c => c.ReceivedAt);
        RabbitMqStreamMetrics.Unacked.WithLabels(_providerName, _queueName).Set(_pending.Count);
        RabbitMqStreamMetrics.OldestUnackedAge.WithLabels(_providerName, _queueName).Set((now - oldest).TotalSeconds);
        if (_channel is { IsOpen: true } channel)
        {
            try
            {
                var queue = await channel.QueueDeclarePassiveAsync(_queueName);
                RabbitMqStreamMetrics.QueueDepth.WithLabels(_providerName, _queueName).Set(queue.MessageCount);
            }
            catch (Exception exception) when (exception is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException)
            {
                // The channel broke; the next pull reconnects and the gauge catches up then.
                LogMetricsFailed(_logger, exception, _providerName, _queueName);
            }
        }
    }

    /// <summary>
    /// The pulling agent gave up delivering the message at <paramref name="token"/>: it goes back to
    /// the queue for another attempt, or, once <see cref="RabbitMqStreamOptions.MaxDeliveryAttempts"/>
    /// attempts failed, to the dead-letter queue with the reason.
    /// </summary>
    internal async Task OnDeliveryFailedAsync(StreamId streamId, StreamSequenceToken token)
    {
        // Failures are rare and the pending set is bounded by the prefetch count: a scan is fine.
        var match = _pending.FirstOrDefault(p => p.Value.StreamId.Equals(streamId) && p.Value.Token.SequenceNumber == token.SequenceNumber);
        if (match.Value is not { } container || !_pending.TryRemove(match))
        {
            return;
        }

        var attempts = container.PreviousDeliveries + 1;
        if (attempts >= _options.MaxDeliveryAttempts)
        {
            await DeadLetterAsync(container.DeliveryTag, container.ChannelGeneration, container.Properties!, container.Body,
                $"delivery of stream {streamId} to its consumers failed {attempts} times", attempts);
            return;
        }

        var channel = _channel;
        if (channel is { IsOpen: true } && Interlocked.Read(ref _generation) == container.ChannelGeneration)
        {
            LogRequeued(_logger, _providerName, _queueName, container.MessageId, attempts);
            await channel.BasicNackAsync(container.DeliveryTag, multiple: false, requeue: true);
        }
    }

    private async Task DeadLetterAsync(ulong deliveryTag, long generation, IReadOnlyBasicProperties original, byte[] body, string reason, int attempts)
    {
        var channel = _channel;
        var deadLetterChannel = _deadLetterChannel;
        if (channel is not { IsOpen: true } || deadLetterChannel is not { IsOpen: true } || Interlocked.Read(ref _generation) != generation)
        {
            // The channel is gone; the broker redelivers the message and we decide again then.
            return;
        }

        LogDeadLettered(_logger, _providerName, _queueName, original.MessageId, reason);
        try
        {
            var properties = RabbitMqWireFormat.DeadLetterProperties(original, reason, attempts, _queueName, _timeProvider.GetUtcNow());
            await deadLetterChannel.BasicPublishAsync(RabbitMqTopology.DeadLetterName(_options), string.Empty, mandatory: true, properties, body);
            await channel.BasicAckAsync(deliveryTag, multiple: false);
            RabbitMqStreamMetrics.DeadLettered.WithLabels(_providerName, _queueName).Inc();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Without a confirmed copy the original must stay: requeue it for another try.
            LogDeadLetterFailed(_logger, exception, _providerName, _queueName, original.MessageId);
            if (channel.IsOpen)
            {
                await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
            }
        }
    }

    private async Task CloseAsync()
    {
        var channel = _channel;
        var connection = _connection;
        var deadLetterChannel = _deadLetterChannel;
        _channel = null;
        _deadLetterChannel = null;
        _connection = null;
        await RabbitMqConnections.CloseQuietlyAsync(deadLetterChannel, null);
        RabbitMqStreamMetrics.Connected.WithLabels(_providerName, _queueName).Set(0);
        await RabbitMqConnections.CloseQuietlyAsync(channel, connection);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Stream provider {Provider}: receiver of {Queue} connected (channel generation {Generation})")]
    private static partial void LogConnected(ILogger logger, string provider, string queue, long generation);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Stream provider {Provider}: receiver of {Queue} cannot reach RabbitMQ; retrying with back-off")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, string provider, string queue);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Stream provider {Provider}: message {MessageId} on {Queue} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string provider, string queue, string? messageId, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Stream provider {Provider}: delivery of message {MessageId} from {Queue} failed (attempt {Attempt}); returned to the queue")]
    private static partial void LogRequeued(ILogger logger, string provider, string queue, string? messageId, int attempt);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Stream provider {Provider}: could not read the depth of {Queue}")]
    private static partial void LogMetricsFailed(ILogger logger, Exception exception, string provider, string queue);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "Stream provider {Provider}: dead-lettering message {MessageId} from {Queue} failed; returned to the queue")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception exception, string provider, string queue, string? messageId);
}
