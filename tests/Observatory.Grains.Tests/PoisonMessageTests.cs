using System.Text;
using Observatory.Streaming.RabbitMq;
using Observatory.Testing;
using RabbitMQ.Client;

namespace Observatory.Grains.Tests;

/// <summary>
/// Messages no consumer can take end in the dead-letter queue with the reason, the original headers
/// and the attempt count: never dropped, never redelivered forever, never left unacknowledged.
/// </summary>
public sealed class PoisonMessageTests : IClassFixture<TaskClusterFixture>
{
    private const string Exchange = "observatory-tasks";
    private readonly TaskClusterFixture _fixture;

    public PoisonMessageTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Delivery_BodyThatIsNotJson_IsDeadLetteredAtOnceWithTheReason()
    {
        var messageId = Guid.NewGuid().ToString();

        await PublishRawAsync(messageId, Guid.NewGuid(), "this is not json");
        var deadLetter = await WaitForDeadLetterAsync(messageId);

        Assert.Contains("not valid JSON", Header(deadLetter, RabbitMqWireFormat.DeadLetterReasonHeader), StringComparison.Ordinal);
        Assert.StartsWith("observatory-tasks-", Header(deadLetter, RabbitMqWireFormat.OriginalQueueHeader), StringComparison.Ordinal);
        Assert.Equal("task", Header(deadLetter, RabbitMqWireFormat.StreamNamespaceHeader));
        Assert.Equal("this is not json", Encoding.UTF8.GetString(deadLetter.Body.Span));
    }

    [Fact]
    public async Task Delivery_ThatKeepsFailing_IsDeadLetteredAfterMaxAttempts()
    {
        var messageId = Guid.NewGuid().ToString();
        var taskId = Guid.NewGuid();

        // Valid JSON that is not an event envelope: every delivery to the task grain fails.
        await PublishRawAsync(messageId, taskId, """{"unexpected":true}""");
        var deadLetter = await WaitForDeadLetterAsync(messageId);

        Assert.Contains("failed 2 times", Header(deadLetter, RabbitMqWireFormat.DeadLetterReasonHeader), StringComparison.Ordinal);
        Assert.Equal(2, Convert.ToInt32(deadLetter.BasicProperties.Headers![RabbitMqWireFormat.DeliveryAttemptsHeader], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(taskId.ToString("N"), Header(deadLetter, RabbitMqWireFormat.StreamKeyHeader));
        Assert.NotNull(deadLetter.BasicProperties.Headers[RabbitMqWireFormat.DeadLetteredAtHeader]);
    }

    private async Task PublishRawAsync(string messageId, Guid streamKey, string body)
    {
        var factory = new ConnectionFactory { Uri = _fixture.VirtualHost.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = messageId,
            Headers = new Dictionary<string, object?>
            {
                [RabbitMqWireFormat.StreamNamespaceHeader] = "task",
                [RabbitMqWireFormat.StreamKeyHeader] = streamKey.ToString("N"),
            },
        };
        await channel.BasicPublishAsync(Exchange, streamKey.ToString("N"), mandatory: true, properties, Encoding.UTF8.GetBytes(body));
    }

    private async Task<BasicGetResult> WaitForDeadLetterAsync(string messageId)
    {
        var factory = new ConnectionFactory { Uri = _fixture.VirtualHost.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var found = await Eventually.ReturnsAsync(
            async () =>
            {
                var message = await channel.BasicGetAsync(Exchange + ".dead-letter", autoAck: false);
                if (message is not null && message.BasicProperties.MessageId != messageId)
                {
                    // Another test's dead letter: leave it for that test.
                    await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true);
                    return null;
                }

                if (message is not null)
                {
                    await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
                }

                return message;
            },
            message => message is not null,
            TimeSpan.FromSeconds(60),
            $"message {messageId} in the dead-letter queue");
        return found!;
    }

    private static string Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers![name] switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)!,
        };
}
