using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observatory.Tasks;

/// <summary>
/// A lifecycle event as it travels on the RabbitMQ stream: the <c>event-envelope.json</c> contract.
/// It crosses the wire as JSON bytes inside the stream's batch container, never through Orleans
/// serialization, which is why <see cref="Data"/> can stay a raw <see cref="JsonElement"/>.
/// </summary>
public sealed record TaskEventEnvelope
{
    /// <summary>The contract version this envelope conforms to.</summary>
    public required string ContractVersion { get; init; }

    /// <summary>Unique per event; consumers drop duplicates by it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>One of <see cref="TaskEventTypes"/>.</summary>
    public required string EventType { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required Guid TaskId { get; init; }

    public required string TaskType { get; init; }

    public required int Attempt { get; init; }

    public required string CorrelationId { get; init; }

    public string? IdempotencyKey { get; init; }

    public required EventProducer Producer { get; init; }

    /// <summary>The event-specific body; its shape depends on <see cref="EventType"/>.</summary>
    public required JsonElement Data { get; init; }

    /// <summary>The <c>task.submitted</c> event that creates a task: its data carries the submission.</summary>
    public static TaskEventEnvelope Submitted(
        Guid taskId, Guid eventId, DateTimeOffset occurredAt, TaskSubmission submission, string correlationId, string? idempotencyKey, EventProducer producer)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return new()
        {
            ContractVersion = TaskEventTypes.ContractVersion,
            EventId = eventId,
            EventType = TaskEventTypes.Submitted,
            OccurredAt = occurredAt,
            TaskId = taskId,
            TaskType = submission.Type,
            Attempt = 0,
            CorrelationId = correlationId,
            IdempotencyKey = idempotencyKey,
            Producer = producer,
            Data = JsonSerializer.SerializeToElement(
                new SubmittedData(submission.Payload, submission.Tags, submission.MaxAttempts, submission.RunAt, submission.TimeoutSeconds),
                SubmittedDataJsonContext.Default.SubmittedData),
        };
    }

    /// <summary>Reads the submission back from a <c>task.submitted</c> event's data; tolerant of absent optional fields.</summary>
    public TaskSubmission ReadSubmission()
    {
        var payload = Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object
            ? p
            : TaskSubmission.EmptyPayload;
        IReadOnlyList<string> tags = Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? [.. t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];
        return new TaskSubmission(TaskType, payload, tags)
        {
            MaxAttempts = ReadInt("maxAttempts"),
            RunAt = Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("runAt", out var r) && r.ValueKind == JsonValueKind.String && r.TryGetDateTimeOffset(out var runAt) ? runAt : null,
            TimeoutSeconds = ReadInt("timeoutSeconds"),
        };
    }

    private int? ReadInt(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;
}

/// <summary>Who emitted an event.</summary>
public sealed record EventProducer(string Service, string Instance, string Version);

/// <summary>The data of a <c>task.submitted</c> event, as written.</summary>
internal sealed record SubmittedData(JsonElement Payload, IReadOnlyList<string> Tags, int? MaxAttempts, DateTimeOffset? RunAt, int? TimeoutSeconds);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SubmittedData))]
internal sealed partial class SubmittedDataJsonContext : JsonSerializerContext;
