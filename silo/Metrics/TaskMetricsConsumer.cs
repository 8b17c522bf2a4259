using Observatory.Grains.Events;
using Observatory.Grains.Handlers;
using Observatory.Grains.Tasks;
using Observatory.Tasks;

namespace Observatory.Silo.Metrics;

/// <summary>
/// Turns the silo's task event feed into the task metrics. Each event costs a dictionary lookup
/// and a few increments; the running gauge is read from the slot limiter at scrape time, so it is
/// exact even for attempts whose end this silo never sees (a crash, a hand-back on shutdown).
/// </summary>
internal sealed class TaskMetricsConsumer : BackgroundService
{
    /// <summary>Enough for a few seconds of peak throughput while a scrape or GC holds the consumer up.</summary>
    private const int FeedCapacity = 50_000;

    private readonly TaskEventFeed _feed;
    private readonly TaskSlots _slots;
    private readonly Dictionary<string, TaskTypeInstruments> _byType;
    private readonly TaskTypeInstruments _other;

    public TaskMetricsConsumer(TaskEventFeed feed, TaskSlots slots, TaskHandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _feed = feed;
        _slots = slots;
        _byType = TaskTypeLabels.Select(registry.KnownTypes).ToDictionary(type => type, type => new TaskTypeInstruments(type), StringComparer.Ordinal);
        _other = _byType[TaskTypeLabels.Other];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _feed.Subscribe(FeedCapacity);
        TaskMetrics.Slots.Set(_slots.Capacity);
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            TaskMetrics.Running.Set(_slots.Capacity - _slots.Available);
            TaskMetrics.FeedEventsDropped.IncTo(subscription.Dropped);
        });

        var events = subscription.Events;
        try
        {
            while (await events.WaitToReadAsync(stoppingToken))
            {
                while (events.TryRead(out var feedEvent))
                {
                    Record(feedEvent);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private void Record(TaskFeedEvent feedEvent)
    {
        var envelope = feedEvent.Envelope;
        var instruments = _byType.GetValueOrDefault(envelope.TaskType) ?? _other;
        switch (envelope.EventType)
        {
            case TaskEventTypes.Started:
                instruments.Started.Inc();
                if (feedEvent.QueueWait is { } queueWait)
                {
                    instruments.QueueWait.Observe(queueWait.TotalSeconds);
                }

                break;
            case TaskEventTypes.AttemptFailed:
                instruments.AttemptFailures.Inc();
                break;
            case TaskEventTypes.RetryScheduled:
                instruments.Retries.Inc();
                break;
        }

        if (feedEvent.RunTime is { } runTime)
        {
            instruments.RunTime.Observe(runTime.TotalSeconds);
        }

        if (feedEvent.IsTerminal)
        {
            instruments.Complete(TaskOutcomes.Of(envelope.EventType), envelope.OccurredAt - feedEvent.SubmittedAt);
        }
    }
}
