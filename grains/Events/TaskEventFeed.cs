using System.Threading.Channels;

namespace Observatory.Grains.Events;

/// <summary>
/// The silo's live feed of task lifecycle events, in the event envelope contract. Task grains
/// publish every transition here after it is persisted; consumers (aggregators, the archive, live
/// views) subscribe. Publishing never blocks a grain: each subscriber has a bounded buffer, and a
/// subscriber that falls behind loses its oldest events, counted in <see cref="Subscription.Dropped"/>.
/// The durable record of every transition is the task's own timeline, not this feed.
/// </summary>
public sealed class TaskEventFeed
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    public void Publish(TaskFeedEvent envelope)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Offer(envelope);
        }
    }

    /// <summary>Subscribes with a buffer of <paramref name="capacity"/> events; dispose the subscription to leave.</summary>
    public Subscription Subscribe(int capacity = 10_000)
    {
        var subscription = new Subscription(this, capacity);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }

    /// <summary>One consumer's view of the feed.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly TaskEventFeed _feed;
        private readonly Channel<TaskFeedEvent> _channel;
        private long _dropped;

        internal Subscription(TaskEventFeed feed, int capacity)
        {
            _feed = feed;
            _channel = Channel.CreateBounded<TaskFeedEvent>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref _dropped));
        }

        public ChannelReader<TaskFeedEvent> Events => _channel.Reader;

        /// <summary>Events this subscriber lost because it fell behind.</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        internal void Offer(TaskFeedEvent envelope) => _channel.Writer.TryWrite(envelope);

        public void Dispose()
        {
            _feed.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
