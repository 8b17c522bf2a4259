namespace Observatory.Tasks;

/// <summary>One lifecycle event in a task's timeline: the envelope's identity, without its data.</summary>
[GenerateSerializer]
[Alias("observatory.task-timeline-entry.v1")]
public sealed record TaskTimelineEntry(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string EventType,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] int Attempt,
    [property: Id(4)] string? Message);

/// <summary>How an attempt ended.</summary>
[GenerateSerializer]
[Alias("observatory.task-attempt-outcome")]
public enum TaskAttemptOutcome
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    TimedOut = 3,
    Cancelled = 4,

    /// <summary>The silo stopped or died while the attempt ran.</summary>
    Interrupted = 5,
}

/// <summary>One attempt of a task: when and where it ran and how it ended.</summary>
[GenerateSerializer]
[Alias("observatory.task-attempt.v1")]
public sealed record TaskAttemptRecord
{
    [Id(0)] public required int Attempt { get; init; }
    [Id(1)] public required DateTimeOffset StartedAt { get; init; }
    [Id(2)] public DateTimeOffset? EndedAt { get; init; }
    [Id(3)] public string? Silo { get; init; }
    [Id(4)] public TaskAttemptOutcome Outcome { get; init; }
    [Id(5)] public TaskError? Error { get; init; }

    public double? DurationMs => EndedAt is { } ended ? (ended - StartedAt).TotalMilliseconds : null;
}
