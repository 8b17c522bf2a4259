using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Grains.Tests;

/// <summary>Builds and publishes task events the way the gateway does.</summary>
internal static class TaskEvents
{
    public static TaskEventEnvelope Submitted(string type, string payloadJson = "{}", Guid? taskId = null, params string[] tags)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return TaskEventEnvelope.Submitted(
            taskId ?? Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            DateTimeOffset.UtcNow,
            type,
            payload.RootElement,
            tags,
            "test-" + Guid.NewGuid().ToString("N"),
            new EventProducer("tests", Environment.MachineName, "0.0.0"));
    }

    public static Task PublishAsync(this IClusterClient client, TaskEventEnvelope envelope) =>
        client.GetStreamProvider(TaskStreams.ProviderName)
            .GetStream<TaskEventEnvelope>(TaskStreams.For(envelope.TaskId))
            .OnNextAsync(envelope);
}
