using Orleans.Concurrency;

namespace Observatory.Live;

/// <summary>
/// The cluster-wide fan-out of task events: every silo forwards its feed here in batches (a few calls
/// a second, never one per event) and the hub passes each batch on to the subscribed observers.
/// </summary>
[Alias("observatory.task-event-hub-grain")]
public interface ITaskEventHubGrain : IGrainWithIntegerKey
{
    /// <summary>The one hub of a cluster.</summary>
    const long Key = 0;

    /// <summary>How long a subscription lasts unless renewed; observers renew well within it.</summary>
    static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);

    /// <summary>One-way, so a silo's forwarder never waits on the hub or its observers.</summary>
    [OneWay]
    [Alias("publish")]
    Task PublishAsync(TaskEventBatch batch);

    /// <summary>Subscribes or renews <paramref name="observer"/> for <see cref="SubscriptionLifetime"/>.</summary>
    [Alias("subscribe")]
    Task SubscribeAsync(ITaskEventObserver observer);

    [Alias("unsubscribe")]
    Task UnsubscribeAsync(ITaskEventObserver observer);
}
