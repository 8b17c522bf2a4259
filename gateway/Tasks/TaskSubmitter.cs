using System.Reflection;
using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>
/// Turns an accepted submission into a <c>task.submitted</c> event on the task's own stream. The
/// publish completes only after RabbitMQ confirmed the message, so a returned id is a durable task.
/// </summary>
public sealed class TaskSubmitter
{
    private static readonly EventProducer Producer = new(
        "gateway",
        Environment.MachineName,
        typeof(TaskSubmitter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private readonly IClusterClient _client;
    private readonly TimeProvider _timeProvider;

    public TaskSubmitter(IClusterClient client, TimeProvider timeProvider)
    {
        _client = client;
        _timeProvider = timeProvider;
    }

    /// <summary>Publishes the submission; throws when the broker did not confirm it.</summary>
    public async Task<TaskEventEnvelope> SubmitAsync(string taskType, JsonElement payload, IReadOnlyList<string> tags, string correlationId)
    {
        var now = _timeProvider.GetUtcNow();
        var taskId = Guid.CreateVersion7(now);
        var envelope = TaskEventEnvelope.Submitted(taskId, Guid.CreateVersion7(now), now, taskType, payload, tags, correlationId, Producer);

        var stream = _client.GetStreamProvider(TaskStreams.ProviderName).GetStream<TaskEventEnvelope>(TaskStreams.For(taskId));
        await stream.OnNextAsync(envelope);
        return envelope;
    }
}
