using System.Text;
using System.Text.Json;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;
using Observatory.Testing;
using RabbitMQ.Client;

namespace Observatory.Grains.Tests;

/// <summary>
/// Messages no consumer can take end in the dead-letter queue with the reason, the original headers
/// and the attempt count: never dropped, never redelivered forever, never left unacknowledged. An
/// operator can list them and replay chosen ones to their streams.
/// </summary>
public sealed class DeadLetterTests : IClassFixture<TaskClusterFixture>
{
    private readonly TaskClusterFixture _fixture;

    public DeadLetterTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private string Exchange => _fixture.QueuePrefix;

    [Fact]
    public async Task Delivery_BodyThatIsNotJson_IsDeadLetteredAtOnceWithTheReason()
    {
        var messageId = Guid.NewGuid().ToString();

        await PublishRawAsync(messageId, Guid.NewGuid(), "this is not json");
        var deadLetter = await WaitForDeadLetterAsync(messageId);

        Assert.Contains("not valid JSON", Header(deadLetter, RabbitMqWireFormat.DeadLetterReasonHeader), StringComparison.Ordinal);
        Assert.StartsWith(_fixture.QueuePrefix + "-", Header(deadLetter, RabbitMqWireFormat.OriginalQueueHeader), StringComparison.Ordinal);
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

    [Fact]
    public async Task Replay_ChosenDeadLetter_RunsItsTaskAndLeavesTheDeadLetterQueue()
    {
        var submitted = TaskEvents.Submitted("noop");
        var messageId = submitted.EventId.ToString();
        var deadLetters = new RabbitMqDeadLetters(new RabbitMqStreamOptions { ConnectionUri = _fixture.VirtualHost.AmqpUri, QueueNamePrefix = _fixture.QueuePrefix });
        await PublishRawAsync(messageId, submitted.TaskId, JsonSerializer.Serialize(submitted, JsonSerializerOptions.Web), Exchange + ".dead-letter", new()
        {
            [RabbitMqWireFormat.DeadLetterReasonHeader] = "PostgreSQL was down",
            [RabbitMqWireFormat.DeliveryAttemptsHeader] = 5,
        });

        var listed = await Eventually.ReturnsAsync(() => deadLetters.ListAsync(100), l => l.Any(d => d.MessageId == messageId), TimeSpan.FromSeconds(10), "the dead letter to be listed");
        var listedAgain = await deadLetters.ListAsync(100);
        var replayed = await deadLetters.ReplayAsync([messageId]);
        var task = await Eventually.ReturnsAsync(
            async () => await _fixture.Cluster.Client.GetGrain<ITaskGrain>(submitted.TaskId).GetAsync(),
            t => t?.Status == TaskState.Succeeded,
            TimeSpan.FromSeconds(20),
            "the replayed task to succeed");
        var afterReplay = await deadLetters.ListAsync(100);

        var letter = listed.Single(d => d.MessageId == messageId);
        Assert.Equal("PostgreSQL was down", letter.Reason);
        Assert.Equal(5, letter.Attempts);
        Assert.Equal(submitted.TaskId.ToString("N"), letter.StreamKey);
        Assert.Contains(listedAgain, d => d.MessageId == messageId);
        Assert.Equal(1, replayed);
        Assert.Equal(1, task!.Attempt);
        Assert.DoesNotContain(afterReplay, d => d.MessageId == messageId);
    }

    private async Task PublishRawAsync(string messageId, Guid streamKey, string body, string? exchange = null, Dictionary<string, object?>? extraHeaders = null)
    {
        exchange ??= Exchange;
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
        foreach (var (name, value) in extraHeaders ?? [])
        {
            properties.Headers[name] = value;
        }

        await channel.BasicPublishAsync(exchange, streamKey.ToString("N"), mandatory: true, properties, Encoding.UTF8.GetBytes(body));
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
        RabbitMqWireFormat.HeaderText(message.BasicProperties, name)!;
}
