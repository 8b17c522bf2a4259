using Orleans.Concurrency;

namespace Observatory.Tasks;

/// <summary>
/// One task, keyed by its id. It is created by the <c>task.submitted</c> event on its own stream
/// (<see cref="TaskStreams"/>); afterwards it answers reads and commands.
/// </summary>
[Alias("observatory.task-grain")]
public interface ITaskGrain : IGrainWithGuidKey
{
    /// <summary>The task as it stands, or <c>null</c> when this id was never submitted.</summary>
    /// <remarks>Interleaves with everything, so a task can be watched while it changes.</remarks>
    [Alias("get")]
    [AlwaysInterleave]
    Task<TaskSnapshot?> GetAsync();

    /// <summary>
    /// Cancels a queued, scheduled, retrying or running task. A running attempt is asked to stop
    /// (cooperative cancellation) and the call waits briefly for it.
    /// </summary>
    [Alias("cancel")]
    Task<TaskCommandResult> CancelAsync(string? reason);

    /// <summary>Runs a failed, dead-lettered or cancelled task again, with a fresh retry budget; its history stays.</summary>
    [Alias("retry")]
    Task<TaskCommandResult> RetryAsync();

    /// <summary>
    /// Tells the task that time has passed: a due scheduled or retrying task starts, a task left
    /// running by a silo that is gone is recorded as interrupted and recovered. Idempotent.
    /// </summary>
    [Alias("wake")]
    Task WakeAsync();
}
