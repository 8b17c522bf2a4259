using System.Collections.Concurrent;
using System.Text.Json;
using Observatory.Grains.Events;
using Observatory.Live;
using Observatory.Tasks;
using Observatory.Testing;

namespace Observatory.Grains.Tests;

/// <summary>Every silo's task events reach subscribed live views through the hub, in bounded batches.</summary>
public sealed class LiveEventFanOutTests(LiveEventsClusterFixture fixture) : IClassFixture<LiveEventsClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EventsOfEverySilo_ReachASubscribedObserver_OneBatchPerSiloAndInterval()
    {
        var observer = new RecordingObserver();
        var reference = await SubscribeAsync(observer);
        var fromFirst = Publish(0, 3);
        var fromSecond = Publish(1, 2);

        var received = await ReceiveAsync(observer, fromFirst.Concat(fromSecond).ToHashSet());

        Assert.Equal(2, received.Count);
        Assert.Equal(2, received.Select(b => b.Silo).Distinct().Count());
        Assert.Equal(fromFirst, received.Single(b => b.Events.Count == 3).Events.Select(e => e.EventId));
        Assert.All(received, b => Assert.Equal(0, b.Dropped));
        await UnsubscribeAsync(reference);
    }

    [Fact]
    public async Task Backlog_LargerThanTheBatchSize_ArrivesInBoundedBatchesOrderedBySequence()
    {
        var observer = new RecordingObserver();
        var reference = await SubscribeAsync(observer);
        var published = Publish(0, (LiveEventsClusterFixture.MaxBatchSize * 2) + 50);

        var received = await ReceiveAsync(observer, [.. published]);

        Assert.True(received.Count >= 3, $"{received.Count} batches");
        Assert.All(received, b => Assert.InRange(b.Events.Count, 1, LiveEventsClusterFixture.MaxBatchSize));
        Assert.Equal(published, received.OrderBy(b => b.Sequence).SelectMany(b => b.Events).Where(e => published.Contains(e.EventId)).Select(e => e.EventId));
        await UnsubscribeAsync(reference);
    }

    [Fact]
    public async Task ObserverThatVanished_DoesNotKeepOthersFromTheirEvents()
    {
        var vanished = new RecordingObserver();
        var vanishedReference = await SubscribeAsync(vanished);
        fixture.Cluster.Client.DeleteObjectReference<ITaskEventObserver>(vanishedReference);
        var observer = new RecordingObserver();
        var reference = await SubscribeAsync(observer);
        var published = Publish(1, 5);

        var received = await ReceiveAsync(observer, [.. published]);

        Assert.Equal(published, received.SelectMany(b => b.Events).Select(e => e.EventId).Where(published.Contains));
        await UnsubscribeAsync(reference);
    }

    private List<Guid> Publish(int silo, int count)
    {
        var feed = fixture.FeedOf(silo);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var envelope = Started(Guid.CreateVersion7());
            feed.Publish(new TaskFeedEvent(envelope, TaskState.Running, envelope.OccurredAt, TimeSpan.Zero, null));
            ids.Add(envelope.EventId);
        }

        return ids;
    }

    /// <summary>Lets forwarding intervals pass until every expected event arrived; returns the batches that carried them.</summary>
    private async Task<List<TaskEventBatch>> ReceiveAsync(RecordingObserver observer, HashSet<Guid> expected)
    {
        await Eventually.ReturnsAsync(
            () =>
            {
                fixture.Clock.Advance(LiveEventsClusterFixture.Interval);
                return Task.FromResult(observer.Batches.SelectMany(b => b.Events).Count(e => expected.Contains(e.EventId)));
            },
            count => count == expected.Count,
            Timeout,
            $"{expected.Count} events at the observer");
        return [.. observer.Batches.Where(b => b.Events.Any(e => expected.Contains(e.EventId)))];
    }

    private async Task<ITaskEventObserver> SubscribeAsync(RecordingObserver observer)
    {
        var reference = fixture.Cluster.Client.CreateObjectReference<ITaskEventObserver>(observer);
        await fixture.Cluster.Client.GetGrain<ITaskEventHubGrain>(ITaskEventHubGrain.Key).SubscribeAsync(reference);
        return reference;
    }

    private async Task UnsubscribeAsync(ITaskEventObserver reference)
    {
        await fixture.Cluster.Client.GetGrain<ITaskEventHubGrain>(ITaskEventHubGrain.Key).UnsubscribeAsync(reference);
        fixture.Cluster.Client.DeleteObjectReference<ITaskEventObserver>(reference);
    }

    private static TaskEventEnvelope Started(Guid taskId) => new()
    {
        ContractVersion = TaskEventTypes.ContractVersion,
        EventId = Guid.CreateVersion7(),
        EventType = TaskEventTypes.Started,
        OccurredAt = DateTimeOffset.UtcNow,
        TaskId = taskId,
        TaskType = "noop",
        Attempt = 1,
        CorrelationId = "live-test",
        Producer = new EventProducer("tests", Environment.MachineName, "0.0.0"),
        Data = JsonDocument.Parse("{}").RootElement,
    };

    private sealed class RecordingObserver : ITaskEventObserver
    {
        public ConcurrentQueue<TaskEventBatch> Batches { get; } = new();

        public Task OnEventsAsync(TaskEventBatch batch)
        {
            Batches.Enqueue(batch);
            return Task.CompletedTask;
        }
    }
}
