using Orleans.Concurrency;

namespace Observatory.Live;

/// <summary>A live view (the dashboard) that receives every silo's task events, batched.</summary>
[Alias("observatory.task-event-observer")]
public interface ITaskEventObserver : IGrainObserver
{
    /// <summary>One-way: the hub never waits for a slow or vanished observer.</summary>
    [OneWay]
    [Alias("on-events")]
    Task OnEventsAsync(TaskEventBatch batch);
}
