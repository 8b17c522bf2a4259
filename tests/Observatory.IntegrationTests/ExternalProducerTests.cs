using System.Text;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;
using RabbitMQ.Client;

namespace Observatory.IntegrationTests;

/// <summary>
/// A producer in any language can submit tasks straight over AMQP: this one uses only
/// RabbitMQ.Client and the published contract, no Orleans and no Observatory code.
/// </summary>
public sealed class ExternalProducerTests : IClassFixture<SingleSiloFixture>
{
    private const string Exchange = "observatory-tasks";
    private readonly SingleSiloFixture _fixture;

    public ExternalProducerTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task PlainAmqpProducer_PublishingTheEnvelopeToTheExchange_GetsItsTaskRun()
    {
        var taskId = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        var envelope = $$"""
            {
              "contractVersion": "1.0.0",
              "eventId": "{{eventId}}",
              "eventType": "task.submitted",
              "occurredAt": "{{DateTimeOffset.UtcNow:O}}",
              "taskId": "{{taskId}}",
              "taskType": "sleep",
              "attempt": 0,
              "correlationId": "billing-run-42",
              "producer": { "service": "billing", "instance": "cron-1", "version": "2.3.0" },
              "data": { "payload": { "durationMs": 10 }, "tags": ["amqp"] }
            }
            """;
        Assert.True(ContractSchemas.Default.Validate(ContractName.EventEnvelope, JsonDocument.Parse(envelope).RootElement).IsValid);

        var factory = new ConnectionFactory { Uri = _fixture.Deployment.Settings.RabbitMqUri };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            var properties = new BasicProperties
            {
                Persistent = true,
                ContentType = "application/json",
                MessageId = eventId.ToString(),
                Headers = new Dictionary<string, object?>
                {
                    ["x-stream-namespace"] = "task",
                    ["x-stream-key"] = taskId.ToString("N"),

                    // Optional: makes the message's sequence token the same on every delivery.
                    ["x-sequence"] = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond,
                },
            };

            // The routing key (the stream key) picks the queue on the consistent-hash exchange.
            await channel.BasicPublishAsync(Exchange, taskId.ToString("N"), mandatory: true, properties, Encoding.UTF8.GetBytes(envelope));
        }

        var task = await Eventually.ReturnsAsync(
            () => _fixture.Client.GetTaskAsync(taskId),
            t => t?.GetProperty("status").GetString() == "succeeded",
            TimeSpan.FromSeconds(60),
            "the task published over AMQP to succeed");

        Assert.Equal("sleep", task!.Value.GetProperty("type").GetString());
        Assert.Equal("billing-run-42", task.Value.GetProperty("correlationId").GetString());
        Assert.Equal(10, task.Value.GetProperty("result").GetProperty("sleptMs").GetInt32());
    }

    [Fact]
    public async Task PlainAmqpProducer_MessageWithoutStreamHeaders_IsDeadLetteredNotLost()
    {
        var factory = new ConnectionFactory { Uri = _fixture.Deployment.Settings.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var messageId = Guid.NewGuid().ToString();

        await channel.BasicPublishAsync(Exchange, "no-headers", mandatory: true, new BasicProperties { Persistent = true, MessageId = messageId }, Encoding.UTF8.GetBytes("{}"));

        var deadLetter = await Eventually.ReturnsAsync(
            () => channel.BasicGetAsync(Exchange + ".dead-letter", autoAck: true),
            message => message is not null,
            TimeSpan.FromSeconds(30),
            "the message in the dead-letter queue");
        Assert.Equal(messageId, deadLetter!.BasicProperties.MessageId);
        var reason = deadLetter.BasicProperties.Headers!["x-dead-letter-reason"] as byte[];
        Assert.Contains("missing stream header", Encoding.UTF8.GetString(reason!), StringComparison.Ordinal);
    }
}
