namespace Observatory.EventArchive;

/// <summary>
/// One task lifecycle event as the archive keeps it: the envelope's identifying fields and a short
/// summary of its data, never the whole payload. <see cref="EventId"/> is the document id, so
/// appending the same event twice stores it once.
/// </summary>
/// <param name="EventId">The envelope's event id (UUIDv7).</param>
/// <param name="TaskId">The task the event belongs to.</param>
/// <param name="TaskType">The task's type.</param>
/// <param name="EventType">One of the envelope contract's event types, e.g. <c>task.started</c>.</param>
/// <param name="OccurredAt">When the transition happened (UTC); a backend may store it with less precision (MongoDB: milliseconds).</param>
/// <param name="Attempt">The attempt the event belongs to; 0 before the first.</param>
/// <param name="Silo">The silo that emitted the event; null for events another service produced (<c>task.submitted</c>).</param>
/// <param name="CorrelationId">The correlation id of the request that created the task.</param>
/// <param name="Summary">The event's data as compact JSON, cut to <see cref="ArchivedEventSummary.MaxLength"/> characters; null when it has none.</param>
public sealed record ArchivedEvent(
    Guid EventId,
    Guid TaskId,
    string TaskType,
    string EventType,
    DateTimeOffset OccurredAt,
    int Attempt,
    string? Silo,
    string CorrelationId,
    string? Summary);
