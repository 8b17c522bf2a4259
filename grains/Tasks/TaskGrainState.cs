using Observatory.Tasks;

namespace Observatory.Grains.Tasks;

/// <summary>
/// What a task grain persists: enough to answer for the task, to resume it after a crash, and to
/// serve the read model. Stored as JSON; the read model's <c>task_*</c> columns are filled from
/// <see cref="Id"/>, <see cref="Type"/>, <see cref="Status"/>, <see cref="Tags"/>, <see cref="Attempt"/>,
/// <see cref="SubmittedAt"/>, <see cref="UpdatedAt"/>, <see cref="DueAt"/> and <see cref="SiloAddress"/>
/// by the same statement that writes it, so one write per transition serves both.
/// </summary>
[GenerateSerializer]
[Alias("observatory.task-grain-state.v1")]
public sealed class TaskGrainState
{
    /// <summary>Timeline entries kept per task; the first (submission) is always kept.</summary>
    public const int MaxTimelineEntries = 50;

    /// <summary>Attempt records kept per task, newest last.</summary>
    public const int MaxAttemptRecords = 20;

    [Id(0)] public Guid SubmittedEventId { get; set; }
    [Id(1)] public string Type { get; set; } = string.Empty;
    [Id(2)] public TaskState Status { get; set; }
    [Id(3)] public string PayloadJson { get; set; } = "{}";
    [Id(4)] public List<string> Tags { get; set; } = [];
    [Id(5)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the first attempt started.</summary>
    [Id(7)] public DateTimeOffset? StartedAt { get; set; }
    [Id(8)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Attempts started so far.</summary>
    [Id(9)] public int Attempt { get; set; }
    [Id(10)] public string? ResultJson { get; set; }
    [Id(11)] public TaskError? Error { get; set; }
    [Id(12)] public string? CorrelationId { get; set; }

    /// <summary>Display name of the silo that ran the last attempt.</summary>
    [Id(13)] public string? Silo { get; set; }
    [Id(14)] public Guid Id { get; set; }
    [Id(15)] public int MaxAttempts { get; set; }

    /// <summary>Attempts that count against <see cref="MaxAttempts"/>: failed, timed out, or lost with their silo.</summary>
    [Id(16)] public int FailedAttempts { get; set; }
    [Id(17)] public DateTimeOffset? RunAt { get; set; }

    /// <summary>When the task next needs attention (its run time, its retry time, or now when it waits for a slot); null while running or terminal.</summary>
    [Id(18)] public DateTimeOffset? DueAt { get; set; }

    /// <summary>The silo incarnation running the current attempt; lets any silo spot an attempt whose silo is gone.</summary>
    [Id(19)] public string? SiloAddress { get; set; }
    [Id(20)] public int? TimeoutSeconds { get; set; }
    [Id(21)] public string? IdempotencyKey { get; set; }
    [Id(22)] public bool CancelRequested { get; set; }
    [Id(23)] public string? CancelReason { get; set; }
    [Id(24)] public List<TaskTimelineEntry> Timeline { get; set; } = [];
    [Id(25)] public List<TaskAttemptRecord> Attempts { get; set; } = [];

    /// <summary>When the next attempt became runnable (submission, run time, retry time or a manual retry): its queue wait counts from here.</summary>
    [Id(26)] public DateTimeOffset? ReadyAt { get; set; }

    public void AddTimelineEntry(TaskTimelineEntry entry)
    {
        if (Timeline.Count >= MaxTimelineEntries)
        {
            Timeline.RemoveAt(1);
        }

        Timeline.Add(entry);
    }

    public void AddAttempt(TaskAttemptRecord attempt)
    {
        if (Attempts.Count >= MaxAttemptRecords)
        {
            Attempts.RemoveAt(0);
        }

        Attempts.Add(attempt);
    }

    /// <summary>Replaces the record of the current attempt (the last one) with how it ended.</summary>
    public void EndAttempt(DateTimeOffset endedAt, TaskAttemptOutcome outcome, TaskError? error)
    {
        if (Attempts.Count > 0 && Attempts[^1].Attempt == Attempt && Attempts[^1].EndedAt is null)
        {
            Attempts[^1] = Attempts[^1] with { EndedAt = endedAt, Outcome = outcome, Error = error };
        }
    }

    public TaskSnapshot ToSnapshot() => new()
    {
        Id = Id,
        Type = Type,
        Status = Status,
        PayloadJson = PayloadJson,
        Tags = Tags,
        SubmittedAt = SubmittedAt,
        UpdatedAt = UpdatedAt,
        StartedAt = StartedAt,
        CompletedAt = CompletedAt,
        Attempt = Attempt,
        ResultJson = ResultJson,
        Error = Error,
        CorrelationId = CorrelationId,
        Silo = Silo,
        MaxAttempts = MaxAttempts,
        RunAt = RunAt,
        NextAttemptAt = Status is TaskState.Retrying or TaskState.Scheduled ? DueAt : null,
        IdempotencyKey = IdempotencyKey,
        CancelRequested = CancelRequested,
        Timeline = [.. Timeline],
        Attempts = [.. Attempts],
    };
}
