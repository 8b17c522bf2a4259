namespace Observatory.Tasks;

/// <summary>Lifecycle facts about <see cref="TaskState"/> shared by grains and the gateway.</summary>
public static class TaskStateExtensions
{
    /// <summary>A terminal task never runs again unless someone asks for a retry.</summary>
    public static bool IsTerminal(this TaskState state) =>
        state is TaskState.Succeeded or TaskState.Failed or TaskState.DeadLettered or TaskState.Cancelled;

    /// <summary>The status name of the contracts and the read model.</summary>
    public static string ToContractName(this TaskState state) => state switch
    {
        TaskState.Queued => "queued",
        TaskState.Scheduled => "scheduled",
        TaskState.Running => "running",
        TaskState.Retrying => "retrying",
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => "failed",
        TaskState.DeadLettered => "dead-lettered",
        TaskState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A task the grain does not know has no status."),
    };

    /// <summary>Parses a contract status name; false for anything else.</summary>
    public static bool TryParseContractName(string? name, out TaskState state)
    {
        state = name switch
        {
            "queued" => TaskState.Queued,
            "scheduled" => TaskState.Scheduled,
            "running" => TaskState.Running,
            "retrying" => TaskState.Retrying,
            "succeeded" => TaskState.Succeeded,
            "failed" => TaskState.Failed,
            "dead-lettered" => TaskState.DeadLettered,
            "cancelled" => TaskState.Cancelled,
            _ => TaskState.Unknown,
        };
        return state != TaskState.Unknown;
    }

    /// <summary>Every status a task can have, in lifecycle order.</summary>
    public static IReadOnlyList<TaskState> All { get; } =
        [TaskState.Queued, TaskState.Scheduled, TaskState.Running, TaskState.Retrying, TaskState.Succeeded, TaskState.Failed, TaskState.DeadLettered, TaskState.Cancelled];
}
