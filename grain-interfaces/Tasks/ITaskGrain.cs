using Orleans.Concurrency;

namespace Observatory.Tasks;

/// <summary>
/// One task, keyed by its id. It is fed by its own stream (<see cref="TaskStreams"/>); callers only read it.
/// </summary>
[Alias("observatory.task-grain")]
public interface ITaskGrain : IGrainWithGuidKey
{
    /// <summary>The task as it stands, or <c>null</c> when this id was never submitted.</summary>
    /// <remarks>Interleaves with a running attempt, so a task can be watched while it runs.</remarks>
    [Alias("get")]
    [AlwaysInterleave]
    Task<TaskSnapshot?> GetAsync();
}
