using Microsoft.Extensions.Logging;
using Observatory.Live;
using Orleans.Utilities;

namespace Observatory.Grains.Live;

/// <summary>
/// Passes each silo's batch of task events on to every subscribed observer with one-way calls.
/// Observers that stop renewing expire; if the hub's silo dies, observers lose at most the batches
/// until their next renewal re-creates it on another silo.
/// </summary>
public sealed class TaskEventHubGrain : Grain, ITaskEventHubGrain
{
    private readonly ObserverManager<ITaskEventObserver> _observers;

    public TaskEventHubGrain(ILogger<TaskEventHubGrain> logger)
    {
        _observers = new ObserverManager<ITaskEventObserver>(ITaskEventHubGrain.SubscriptionLifetime, logger);
    }

    public Task PublishAsync(TaskEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _observers.ClearExpired();
        _observers.Notify(observer => observer.OnEventsAsync(batch));
        return Task.CompletedTask;
    }

    public Task SubscribeAsync(ITaskEventObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ITaskEventObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
