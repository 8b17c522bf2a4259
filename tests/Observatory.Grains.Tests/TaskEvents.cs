using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Grains.Tests;

/// <summary>Builds and publishes task events the way the gateway does.</summary>
internal static class TaskEvents
{
    public static TaskEventEnvelope Submitted(string type, string payloadJson = "{}", Guid? taskId = null, params string[] tags) =>
        Submitted(type, payloadJson, taskId, tags, configure: null);

    public static TaskEventEnvelope Submitted(string type, string payloadJson, Guid? taskId, IReadOnlyList<string> tags, Func<TaskSubmission, TaskSubmission>? configure)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        var submission = new TaskSubmission(type, payload.RootElement.Clone(), tags);
        return TaskEventEnvelope.Submitted(
            taskId ?? Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            DateTimeOffset.UtcNow,
            configure is null ? submission : configure(submission),
            "test-" + Guid.NewGuid().ToString("N"),
            null,
            new EventProducer("tests", Environment.MachineName, "0.0.0"));
    }

    public static Task PublishAsync(this IClusterClient client, TaskEventEnvelope envelope) =>
        client.GetStreamProvider(TaskStreams.ProviderName)
            .GetStream<TaskEventEnvelope>(TaskStreams.For(envelope.TaskId))
            .OnNextAsync(envelope);
}
