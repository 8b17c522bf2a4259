using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Grains.Events;
using Observatory.Live;

namespace Observatory.Grains.Live;

/// <summary>
/// Reads this silo's <see cref="TaskEventFeed"/> and, every <see cref="TaskEventForwarderOptions.Interval"/>,
/// sends what arrived to the hub as one one-way call. Per event it only copies a few fields; the feed's
/// bounded buffer means a stalled hub costs dropped live events, never a blocked task grain.
/// </summary>
public sealed partial class TaskEventForwarder : BackgroundService
{
    private readonly TaskEventFeed _feed;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _timeProvider;
    private readonly TaskEventForwarderOptions _options;
    private readonly ILogger<TaskEventForwarder> _logger;
    private readonly string _silo;

    public TaskEventForwarder(
        TaskEventFeed feed, IGrainFactory grains, ILocalSiloDetails silo, TimeProvider timeProvider,
        IOptions<TaskEventForwarderOptions> options, ILogger<TaskEventForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed;
        _grains = grains;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
        _silo = silo.Name;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _feed.Subscribe(_options.BufferCapacity);
        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        var hub = _grains.GetGrain<ITaskEventHubGrain>(ITaskEventHubGrain.Key);
        long droppedBefore = 0;
        long sequence = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var events = new List<TaskLiveEvent>();
                while (events.Count < _options.MaxBatchSize && subscription.Events.TryRead(out var item))
                {
                    events.Add(ToLive(item));
                }

                var dropped = subscription.Dropped;
                if (events.Count == 0 && dropped == droppedBefore)
                {
                    continue;
                }

                try
                {
                    await hub.PublishAsync(new TaskEventBatch(_silo, events, dropped - droppedBefore, ++sequence));
                    droppedBefore = dropped;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Live views are best effort; the durable record is each task's own timeline.
                    LogForwardFailed(_logger, events.Count, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static TaskLiveEvent ToLive(TaskFeedEvent item)
    {
        var envelope = item.Envelope;
        return new TaskLiveEvent(envelope.EventId, envelope.TaskId, envelope.TaskType, envelope.EventType, item.Status, envelope.Attempt, envelope.OccurredAt, item.RunTime);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Could not forward {Count} task events to the live event hub")]
    private static partial void LogForwardFailed(ILogger logger, int count, Exception exception);
}
