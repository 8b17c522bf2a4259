namespace Observatory.Tasks;

/// <summary>Where a task is in its lifecycle, as the task resource contract names it.</summary>
[GenerateSerializer]
[Alias("observatory.task-state")]
public enum TaskState
{
    /// <summary>The grain has no record of the task.</summary>
    Unknown = 0,
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}
