using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Grains.Tests;

/// <summary>Builds and publishes task events the way the gateway does.</summary>
internal static class TaskEvents
{
    public static TaskEventEnvelope Submitted(string type, string payloadJson = "{}", Guid? taskId = null, params string[] tags) => new()
    {
        ContractVersion = TaskEventTypes.ContractVersion,
        EventId = Guid.CreateVersion7(),
        EventType = TaskEventTypes.Submitted,
        OccurredAt = DateTimeOffset.UtcNow,
        TaskId = taskId ?? Guid.CreateVersion7(),
        TaskType = type,
        Attempt = 0,
        CorrelationId = "test-" + Guid.NewGuid().ToString("N"),
        Producer = new EventProducer("tests", Environment.MachineName, "0.0.0"),
        Data = JsonDocument.Parse($$"""{"payload":{{payloadJson}},"tags":{{JsonSerializer.Serialize(tags)}}}""").RootElement.Clone(),
    };

    public static Task PublishAsync(this IClusterClient client, TaskEventEnvelope envelope) =>
        client.GetStreamProvider(TaskStreams.ProviderName)
            .GetStream<TaskEventEnvelope>(TaskStreams.For(envelope.TaskId))
            .OnNextAsync(envelope);
}
