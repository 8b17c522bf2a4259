using Microsoft.Extensions.Options;
using Observatory.Database.ReadModel;
using Observatory.Gateway.Tasks;
using Observatory.Live;
using Observatory.Tasks;
using Orleans.Configuration;

namespace Observatory.Dashboard.Live;

/// <summary>
/// The dashboard's subscription to the cluster's task event hub, fanned out to every open browser
/// stream (<see cref="LiveBrowsers"/>). Task counts are re-read from the read model at most once per
/// <see cref="CountsInterval"/>, and only after events arrived.
/// </summary>
public sealed partial class LiveTaskEvents : BackgroundService, ITaskEventObserver
{
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan CountsInterval = TimeSpan.FromSeconds(1);

    private readonly IClusterClient _client;
    private readonly LiveBrowsers _browsers;
    private readonly TaskReadModel _readModel;
    private readonly string _serviceId;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LiveTaskEvents> _logger;
    private int _countsStale;

    public LiveTaskEvents(IClusterClient client, LiveBrowsers browsers, TaskReadModel readModel, IOptions<ClusterOptions> cluster, TimeProvider timeProvider, ILogger<LiveTaskEvents> logger)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _client = client;
        _browsers = browsers;
        _readModel = readModel;
        _serviceId = cluster.Value.ServiceId;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The current task counts, the first message of every browser stream.</summary>
    public async Task<LiveMessage> ReadCountsAsync(CancellationToken cancellationToken) =>
        new(LiveMessage.Counts, await ReadCountsResourceAsync(cancellationToken));

    public Task OnEventsAsync(TaskEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_browsers.AnyConnected)
        {
            var message = new LiveMessage(LiveMessage.Tasks, new LiveTaskBatchResource(
                batch.Silo,
                [.. batch.Events.Select(e => new LiveTaskEventResource(e.TaskId, e.TaskType, e.EventType, e.Status.ToContractName(), e.Attempt, e.OccurredAt, e.RunTime?.TotalMilliseconds))],
                batch.Dropped,
                batch.Sequence));
            _browsers.Broadcast(message);
            Volatile.Write(ref _countsStale, 1);
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = _client.CreateObjectReference<ITaskEventObserver>(this);
        var hub = _client.GetGrain<ITaskEventHubGrain>(ITaskEventHubGrain.Key);
        using var timer = new PeriodicTimer(CountsInterval, _timeProvider);
        var renewAt = DateTimeOffset.MinValue;
        try
        {
            do
            {
                var now = _timeProvider.GetUtcNow();
                if (now >= renewAt)
                {
                    renewAt = await RenewAsync(hub, self, now);
                }

                if (Interlocked.Exchange(ref _countsStale, 0) == 1)
                {
                    await BroadcastCountsAsync(stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            _client.DeleteObjectReference<ITaskEventObserver>(self);
        }
    }

    private async Task<DateTimeOffset> RenewAsync(ITaskEventHubGrain hub, ITaskEventObserver self, DateTimeOffset now)
    {
        try
        {
            await hub.SubscribeAsync(self);
            return now + RenewInterval;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The cluster may not be reachable yet; try again on the next tick.
            LogSubscribeFailed(_logger, exception);
            return now;
        }
    }

    private async Task BroadcastCountsAsync(CancellationToken cancellationToken)
    {
        try
        {
            _browsers.Broadcast(await ReadCountsAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Volatile.Write(ref _countsStale, 1);
            LogCountsFailed(_logger, exception);
        }
    }

    private async Task<TaskCountsResource> ReadCountsResourceAsync(CancellationToken cancellationToken)
    {
        var counts = await _readModel.CountByStatusAsync(_serviceId, cancellationToken);
        return new TaskCountsResource(TaskStateExtensions.All.ToDictionary(s => s.ToContractName(), s => counts.GetValueOrDefault(s.ToContractName())));
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Could not subscribe to the live task event hub; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not read task counts for the live view")]
    private static partial void LogCountsFailed(ILogger logger, Exception exception);
}
