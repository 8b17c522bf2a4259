namespace Observatory.Tasks;

/// <summary>What a task grain reports about its task: the task resource, with JSON kept as text.</summary>
[GenerateSerializer]
[Alias("observatory.task-snapshot.v1")]
public sealed record TaskSnapshot
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required TaskState Status { get; init; }
    [Id(3)] public required string PayloadJson { get; init; }
    [Id(4)] public required IReadOnlyList<string> Tags { get; init; }
    [Id(5)] public required DateTimeOffset SubmittedAt { get; init; }
    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(7)] public DateTimeOffset? StartedAt { get; init; }
    [Id(8)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(9)] public required int Attempt { get; init; }
    [Id(10)] public string? ResultJson { get; init; }
    [Id(11)] public TaskError? Error { get; init; }
    [Id(12)] public string? CorrelationId { get; init; }
    [Id(13)] public string? Silo { get; init; }
    [Id(14)] public int MaxAttempts { get; init; }
    [Id(15)] public DateTimeOffset? RunAt { get; init; }
    [Id(16)] public DateTimeOffset? NextAttemptAt { get; init; }
    [Id(17)] public string? IdempotencyKey { get; init; }
    [Id(18)] public bool CancelRequested { get; init; }
    [Id(19)] public IReadOnlyList<TaskTimelineEntry> Timeline { get; init; } = [];
    [Id(20)] public IReadOnlyList<TaskAttemptRecord> Attempts { get; init; } = [];
}

/// <summary>Why a task's attempt failed: the exception type (or a stable code) and its message.</summary>
[GenerateSerializer]
[Alias("observatory.task-error.v1")]
public sealed record TaskError([property: Id(0)] string Type, [property: Id(1)] string Message);
