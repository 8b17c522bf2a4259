using System.Net;
using System.Text.Json;
using Npgsql;
using Observatory.Grains.Events;
using Observatory.Tasks;
using Observatory.Testing;

namespace Observatory.EventArchive.Tests;

/// <summary>Lifecycle events as task grains publish them on the silo's feed.</summary>
internal static class FeedEvents
{
    public const string Silo = "S127.0.0.1:11111:1";

    public static TaskFeedEvent Started(Guid taskId, DateTimeOffset occurredAt) =>
        new(
            new TaskEventEnvelope
            {
                ContractVersion = TaskEventTypes.ContractVersion,
                EventId = Guid.CreateVersion7(occurredAt),
                EventType = TaskEventTypes.Started,
                OccurredAt = occurredAt,
                TaskId = taskId,
                TaskType = "noop",
                Attempt = 1,
                CorrelationId = "corr-1",
                Producer = new EventProducer("silo", Silo, "1.0.0"),
                Data = JsonSerializer.SerializeToElement(new { silo = Silo }),
            },
            TaskState.Running,
            occurredAt,
            TimeSpan.Zero,
            RunTime: null);

    /// <summary>Where the tests' PostgreSQL listens, for a forwarder that brings it "back".</summary>
    public static IPEndPoint PostgresEndpoint()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString);
        return new IPEndPoint(Dns.GetHostAddresses(builder.Host!)[0], builder.Port);
    }
}
