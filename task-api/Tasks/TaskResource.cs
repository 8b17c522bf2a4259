using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>The task resource of the <c>task.json</c> contract.</summary>
public sealed record TaskResource(
    Guid Id,
    string Type,
    string Status,
    JsonElement Payload,
    IReadOnlyList<string> Tags,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset? RunAt,
    DateTimeOffset? NextAttemptAt,
    JsonElement? Result,
    TaskErrorResource? Error,
    string? CorrelationId,
    string? IdempotencyKey,
    string? Silo,
    IReadOnlyList<TaskTimelineResource> Timeline,
    IReadOnlyList<TaskAttemptResource> Attempts)
{
    public static TaskResource From(TaskSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new TaskResource(
            snapshot.Id,
            snapshot.Type,
            snapshot.Status.ToContractName(),
            ParseJson(snapshot.PayloadJson),
            snapshot.Tags,
            snapshot.SubmittedAt,
            snapshot.UpdatedAt,
            snapshot.StartedAt,
            snapshot.CompletedAt,
            snapshot.Attempt,
            snapshot.MaxAttempts,
            snapshot.RunAt,
            snapshot.NextAttemptAt,
            snapshot.ResultJson is null ? null : ParseJson(snapshot.ResultJson),
            TaskErrorResource.From(snapshot.Error),
            snapshot.CorrelationId,
            snapshot.IdempotencyKey,
            snapshot.Silo,
            [.. snapshot.Timeline.Select(e => new TaskTimelineResource(e.EventId, e.EventType, e.OccurredAt, e.Attempt, e.Message))],
            [.. snapshot.Attempts.Select(TaskAttemptResource.From)]);
    }

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>Why an attempt failed.</summary>
public sealed record TaskErrorResource(string Type, string Message)
{
    public static TaskErrorResource? From(TaskError? error) => error is null ? null : new TaskErrorResource(error.Type, error.Message);
}

/// <summary>One lifecycle event of the task's timeline.</summary>
public sealed record TaskTimelineResource(Guid EventId, string EventType, DateTimeOffset OccurredAt, int Attempt, string? Message);

/// <summary>One attempt: when and where it ran and how it ended.</summary>
public sealed record TaskAttemptResource(int Attempt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Silo, double? DurationMs, string Outcome, TaskErrorResource? Error)
{
    public static TaskAttemptResource From(TaskAttemptRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new TaskAttemptResource(record.Attempt, record.StartedAt, record.EndedAt, record.Silo, record.DurationMs, OutcomeName(record.Outcome), TaskErrorResource.From(record.Error));
    }

    private static string OutcomeName(TaskAttemptOutcome outcome) => outcome switch
    {
        TaskAttemptOutcome.Running => "running",
        TaskAttemptOutcome.Succeeded => "succeeded",
        TaskAttemptOutcome.Failed => "failed",
        TaskAttemptOutcome.TimedOut => "timed-out",
        TaskAttemptOutcome.Cancelled => "cancelled",
        TaskAttemptOutcome.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}

/// <summary>The <c>task-accepted.json</c> contract: the body answering a submission.</summary>
public sealed record TaskAccepted(Guid TaskId, Guid EventId, string Status, string Location)
{
    /// <summary>The answer for <paramref name="submitted"/>: scheduled when its run time is after the submission.</summary>
    public static TaskAccepted For(TaskEventEnvelope submitted, DateTimeOffset? runAt)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var scheduled = runAt > submitted.OccurredAt;
        return new TaskAccepted(submitted.TaskId, submitted.EventId, scheduled ? "scheduled" : "queued", TasksApi.LocationOf(submitted.TaskId));
    }
}
