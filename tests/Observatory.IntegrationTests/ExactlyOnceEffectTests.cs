using System.Text;
using Npgsql;
using Observatory.Testing;
using RabbitMQ.Client;

namespace Observatory.IntegrationTests;

/// <summary>
/// 100,000 task events over 8 queues and 2 silo processes: each event's effect (its task, persisted as
/// succeeded) exists exactly once, counted by event id in PostgreSQL.
/// </summary>
public sealed class ExactlyOnceEffectTests : IAsyncLifetime
{
    private const int Events = 100_000;
    private ObservatoryDeployment _deployment = null!;

    public async ValueTask InitializeAsync() =>
        _deployment = await ObservatoryDeployment.CreateAsync("hundredk", deployment => deployment.StartSilosAsync("silo-1", "silo-2"));

    public async ValueTask DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Fact]
    public async Task HundredThousandEvents_OverEightQueuesAndTwoSilos_EachTakeEffectExactlyOnce()
    {
        var eventIds = await PublishAsync();

        var counts = await Eventually.ReturnsAsync(
            CountAsync,
            c => c.Succeeded >= Events,
            TimeSpan.FromMinutes(8),
            $"{Events} tasks persisted as succeeded");

        Assert.Equal(Events, eventIds.Count);
        Assert.Equal(Events, counts.Succeeded);
        Assert.Equal(Events, counts.DistinctEvents);
        Assert.Equal(2, counts.Silos);
    }

    // Published straight to the exchange with confirms, as a fast producer in any language would.
    private async Task<HashSet<Guid>> PublishAsync()
    {
        var factory = new ConnectionFactory { Uri = _deployment.Settings.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var eventIds = new HashSet<Guid>();
        using var inFlight = new SemaphoreSlim(256);
        var pending = new List<Task>(Events);
        for (var i = 0; i < Events; i++)
        {
            var taskId = Guid.CreateVersion7();
            var eventId = Guid.CreateVersion7();
            eventIds.Add(eventId);
            var body = Encoding.UTF8.GetBytes($$$"""
                {"contractVersion":"1.0.0","eventId":"{{{eventId}}}","eventType":"task.submitted","occurredAt":"{{{DateTimeOffset.UtcNow:O}}}","taskId":"{{{taskId}}}","taskType":"noop","attempt":0,"correlationId":"bulk","producer":{"service":"bulk","instance":"test","version":"1"},"data":{"payload":{"i":{{{i}}}},"tags":[]}}
                """);
            var properties = new BasicProperties
            {
                Persistent = true,
                MessageId = eventId.ToString(),
                Headers = new Dictionary<string, object?> { ["x-stream-namespace"] = "task", ["x-stream-key"] = taskId.ToString("N") },
            };
            await inFlight.WaitAsync();
            pending.Add(PublishOneAsync(channel, taskId.ToString("N"), properties, body, inFlight));
        }

        await Task.WhenAll(pending);
        return eventIds;
    }

    private static async Task PublishOneAsync(IChannel channel, string routingKey, BasicProperties properties, byte[] body, SemaphoreSlim inFlight)
    {
        try
        {
            await channel.BasicPublishAsync("observatory-tasks", routingKey, mandatory: true, properties, body);
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task<(long Succeeded, long DistinctEvents, long Silos)> CountAsync()
    {
        await using var connection = new NpgsqlConnection(_deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*),
                   count(DISTINCT state ->> 'submittedEventId'),
                   count(DISTINCT state ->> 'silo')
            FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS state
                  FROM orleans_storage
                  WHERE service_id = @serviceId AND grain_type = 'task' AND payload IS NOT NULL) tasks
            WHERE state ->> 'status' = 'succeeded'
            """,
            connection);
        command.Parameters.AddWithValue("serviceId", _deployment.Settings.ServiceId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
