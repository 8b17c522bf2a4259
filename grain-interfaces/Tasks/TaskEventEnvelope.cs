using System.Text.Json;

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

    /// <summary>The <c>task.submitted</c> event that creates a task: its data carries the payload and tags.</summary>
    public static TaskEventEnvelope Submitted(
        Guid taskId, Guid eventId, DateTimeOffset occurredAt, string taskType, JsonElement payload, IReadOnlyList<string> tags, string correlationId, EventProducer producer) => new()
        {
            ContractVersion = TaskEventTypes.ContractVersion,
            EventId = eventId,
            EventType = TaskEventTypes.Submitted,
            OccurredAt = occurredAt,
            TaskId = taskId,
            TaskType = taskType,
            Attempt = 0,
            CorrelationId = correlationId,
            Producer = producer,
            Data = JsonSerializer.SerializeToElement(new SubmittedData(payload, tags), JsonSerializerOptions.Web),
        };

    private sealed record SubmittedData(JsonElement Payload, IReadOnlyList<string> Tags);
}

/// <summary>Who emitted an event.</summary>
public sealed record EventProducer(string Service, string Instance, string Version);
