using Observatory.Tasks;

namespace Observatory.Live;

/// <summary>
/// A task lifecycle event as live views need it: what happened to which task and where it is now.
/// The payload and data stay out, so a batch of a thousand events is a few tens of kilobytes.
/// </summary>
[GenerateSerializer]
[Alias("observatory.task-live-event")]
public sealed record TaskLiveEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] Guid TaskId,
    [property: Id(2)] string TaskType,
    [property: Id(3)] string EventType,
    [property: Id(4)] TaskState Status,
    [property: Id(5)] int Attempt,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] TimeSpan? RunTime);
