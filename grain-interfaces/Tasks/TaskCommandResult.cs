namespace Observatory.Tasks;

/// <summary>The answer to a command (cancel, retry) sent to a task.</summary>
[GenerateSerializer]
[Alias("observatory.task-command-result.v1")]
public sealed record TaskCommandResult
{
    [Id(0)] public required TaskCommandOutcome Outcome { get; init; }

    /// <summary>The task after the command; null when the task does not exist.</summary>
    [Id(1)] public TaskSnapshot? Task { get; init; }

    /// <summary>Why the command was refused.</summary>
    [Id(2)] public string? Reason { get; init; }

    public static TaskCommandResult NotFound { get; } = new() { Outcome = TaskCommandOutcome.NotFound };

    public static TaskCommandResult Done(TaskSnapshot task) => new() { Outcome = TaskCommandOutcome.Done, Task = task };

    public static TaskCommandResult Conflict(TaskSnapshot task, string reason) => new() { Outcome = TaskCommandOutcome.Conflict, Task = task, Reason = reason };
}

/// <summary>Whether a command took effect.</summary>
[GenerateSerializer]
[Alias("observatory.task-command-outcome")]
public enum TaskCommandOutcome
{
    Done = 0,
    NotFound = 1,

    /// <summary>The task's state does not allow the command (an illegal transition).</summary>
    Conflict = 2,
}
