using System.Reflection;
using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>
/// Turns accepted submissions into <c>task.submitted</c> events on each task's own stream. A publish
/// completes only after RabbitMQ confirmed the message, so a returned id is a durable task.
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

    /// <summary>The event that submits <paramref name="submission"/> under a new task id (UUIDv7, so ids sort by submission time).</summary>
    public TaskEventEnvelope Create(TaskSubmission submission, string correlationId, string? idempotencyKey)
    {
        var now = _timeProvider.GetUtcNow();
        return TaskEventEnvelope.Submitted(Guid.CreateVersion7(now), Guid.CreateVersion7(now), now, submission, correlationId, idempotencyKey, Producer);
    }

    /// <summary>Publishes one event; throws when the broker did not confirm it.</summary>
    public Task PublishAsync(TaskEventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return _client.GetStreamProvider(TaskStreams.ProviderName).GetStream<TaskEventEnvelope>(TaskStreams.For(envelope.TaskId)).OnNextAsync(envelope);
    }

    /// <summary>
    /// Publishes many events at once: all publishes are in flight together and their confirms
    /// come back together, so a batch costs about one broker round trip. Returns, per event, the
    /// exception that kept it from being confirmed, or null.
    /// </summary>
    public async Task<Exception?[]> PublishManyAsync(IReadOnlyList<TaskEventEnvelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var publishes = new Task[envelopes.Count];
        for (var i = 0; i < envelopes.Count; i++)
        {
            publishes[i] = PublishAsync(envelopes[i]);
        }

        var failures = new Exception?[envelopes.Count];
        for (var i = 0; i < publishes.Length; i++)
        {
            try
            {
                await publishes[i];
            }
            catch (Exception exception)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }

    public static string Serialize(TaskEventEnvelope envelope) => JsonSerializer.Serialize(envelope, JsonSerializerOptions.Web);

    public static TaskEventEnvelope Deserialize(string json) =>
        JsonSerializer.Deserialize<TaskEventEnvelope>(json, JsonSerializerOptions.Web) ?? throw new JsonException("An idempotency record holds no event.");
}
