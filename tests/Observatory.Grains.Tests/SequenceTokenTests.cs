using Microsoft.Extensions.Logging.Abstractions;
using Observatory.Streaming.RabbitMq;
using Observatory.Testing;
using Orleans.Streams;
using RabbitMQ.Client;

namespace Observatory.Grains.Tests;

/// <summary>
/// A message's sequence token comes from the message itself, so it is the same on every delivery —
/// after a reconnect or on the silo that takes the queue over — and rises with publish order.
/// </summary>
public sealed class SequenceTokenTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly StreamId _stream = StreamId.Create("tokens", Guid.NewGuid());
    private RabbitMqTestVirtualHost _virtualHost = null!;
    private RabbitMqQueueAdapterFactory _factory = null!;
    private IQueueAdapter _adapter = null!;
    private QueueId _queue;

    public async ValueTask InitializeAsync()
    {
        _virtualHost = await RabbitMqTestVirtualHost.CreateAsync("tokens");
        var options = new RabbitMqStreamOptions { ConnectionUri = _virtualHost.AmqpUri, QueueCount = 1 };
        _factory = new RabbitMqQueueAdapterFactory("tasks", options, NullLoggerFactory.Instance, TimeProvider.System);
        _adapter = await _factory.CreateAdapter();
        _queue = _factory.GetStreamQueueMapper().GetAllQueues().Single();
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }

    [Fact]
    public async Task RedeliveredMessages_CarryTheSameTokens_OnTheReceiverThatTakesTheQueueOver()
    {
        var first = await StartReceiverAsync();
        for (var i = 0; i < 3; i++)
        {
            await _adapter.QueueMessageBatchAsync(_stream, [i], null, []);
        }

        var delivered = await ReceiveAsync(first, 3);
        await first.MessagesDeliveredAsync([delivered[0]], CancellationToken.None);

        // The silo stops before the other two were processed: the broker hands them to the next owner.
        await first.Shutdown(TimeSpan.FromSeconds(5));
        var second = await StartReceiverAsync();
        var redelivered = await ReceiveAsync(second, 2);

        Assert.Equal(delivered.Skip(1).Select(m => m.SequenceToken), redelivered.Select(m => m.SequenceToken));
        Assert.All(redelivered, m => Assert.True(((RabbitMqBatchContainer)m).Redelivered));

        await _adapter.QueueMessageBatchAsync(_stream, [3], null, []);
        var later = await ReceiveAsync(second, 1);
        Assert.True(later[0].SequenceToken.Newer(redelivered[^1].SequenceToken), "a message published later must carry a later token than those already seen");
        await second.MessagesDeliveredAsync([.. redelivered, .. later], CancellationToken.None);
        await second.Shutdown(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ProducerSequenceHeader_BecomesTheToken_AndAMessageWithoutOne_IsNumberedOnReceipt()
    {
        var receiver = await StartReceiverAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        await PublishRawAsync(sequence: 42);
        await PublishRawAsync(sequence: null);

        var received = await ReceiveAsync(receiver, 2);

        Assert.Equal(42, received[0].SequenceToken.SequenceNumber);
        Assert.InRange(received[1].SequenceToken.SequenceNumber, before, long.MaxValue);
        await receiver.MessagesDeliveredAsync(received, CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(5));
    }

    private async Task<IQueueAdapterReceiver> StartReceiverAsync()
    {
        var receiver = _adapter.CreateReceiver(_queue);
        await receiver.Initialize(TimeSpan.FromSeconds(10));
        return receiver;
    }

    private static async Task<List<IBatchContainer>> ReceiveAsync(IQueueAdapterReceiver receiver, int count)
    {
        var received = new List<IBatchContainer>();
        await Eventually.ReturnsAsync(
            async () =>
            {
                received.AddRange(await receiver.GetQueueMessagesAsync(count - received.Count, CancellationToken.None));
                return received.Count;
            },
            n => n >= count,
            Deadline,
            $"{count} messages");
        return received;
    }

    private async Task PublishRawAsync(long? sequence)
    {
        var headers = new Dictionary<string, object?>
        {
            [RabbitMqWireFormat.StreamNamespaceHeader] = "tokens",
            [RabbitMqWireFormat.StreamKeyHeader] = _stream.GetKeyAsString(),
        };
        if (sequence is { } value)
        {
            headers[RabbitMqWireFormat.SequenceHeader] = value;
        }

        var factory = new ConnectionFactory { Uri = _virtualHost.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { Persistent = true, ContentType = RabbitMqWireFormat.JsonContentType, Headers = headers };
        await channel.BasicPublishAsync("observatory-tasks", RabbitMqWireFormat.RoutingKeyFor(_stream), mandatory: true, properties, "{}"u8.ToArray());
    }
}
