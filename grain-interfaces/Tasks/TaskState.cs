using System.Text.Json.Serialization;

namespace Observatory.Tasks;

/// <summary>Where a task is in its lifecycle, as the task resource contract names it.</summary>
/// <remarks>
/// The JSON names are part of the persisted state and of the read model's <c>task_status</c> column,
/// so they never change; new states are only ever added.
/// </remarks>
[GenerateSerializer]
[Alias("observatory.task-state")]
public enum TaskState
{
    /// <summary>The grain has no record of the task.</summary>
    Unknown = 0,

    /// <summary>Accepted and waiting for a free execution slot.</summary>
    Queued = 1,

    /// <summary>An attempt is running.</summary>
    Running = 2,

    Succeeded = 3,

    /// <summary>An attempt failed in a way retrying cannot fix (bad payload, unknown type, a permanent handler error).</summary>
    Failed = 4,

    /// <summary>Waiting for its <c>runAt</c> time.</summary>
    Scheduled = 5,

    /// <summary>An attempt failed and another one is scheduled after a back-off.</summary>
    Retrying = 6,

    /// <summary>Every allowed attempt failed.</summary>
    [JsonStringEnumMemberName("dead-lettered")]
    DeadLettered = 7,

    Cancelled = 8,
}
