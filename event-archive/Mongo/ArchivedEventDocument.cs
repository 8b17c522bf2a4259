using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace Observatory.EventArchive.Mongo;

/// <summary>
/// An archived event as a MongoDB document: camelCase fields, UUIDs as standard binary (subtype 4,
/// so they sort in byte order like PostgreSQL's <c>uuid</c>) and the time as a BSON date.
/// </summary>
internal sealed class ArchivedEventDocument
{
    [BsonId]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    [BsonElement("taskId")]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid TaskId { get; set; }

    [BsonElement("taskType")]
    public string TaskType { get; set; } = string.Empty;

    [BsonElement("eventType")]
    public string EventType { get; set; } = string.Empty;

    [BsonElement("occurredAt")]
    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime OccurredAt { get; set; }

    [BsonElement("attempt")]
    public int Attempt { get; set; }

    [BsonElement("silo")]
    [BsonIgnoreIfNull]
    public string? Silo { get; set; }

    [BsonElement("correlationId")]
    public string CorrelationId { get; set; } = string.Empty;

    [BsonElement("summary")]
    [BsonIgnoreIfNull]
    public string? Summary { get; set; }

    public static ArchivedEventDocument From(ArchivedEvent e) => new()
    {
        Id = e.EventId,
        TaskId = e.TaskId,
        TaskType = e.TaskType,
        EventType = e.EventType,
        OccurredAt = e.OccurredAt.UtcDateTime,
        Attempt = e.Attempt,
        Silo = e.Silo,
        CorrelationId = e.CorrelationId,
        Summary = e.Summary,
    };

    public ArchivedEvent ToEvent() =>
        new(Id, TaskId, TaskType, EventType, new DateTimeOffset(DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc)), Attempt, Silo, CorrelationId, Summary);
}
