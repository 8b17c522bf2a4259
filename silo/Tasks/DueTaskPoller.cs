using Microsoft.Extensions.Options;
using Observatory.Database.ReadModel;
using Observatory.Tasks;
using Orleans.Configuration;

namespace Observatory.Silo.Tasks;

/// <summary>
/// The durable half of task timing. Grains keep in-memory wake-ups for their scheduled times and
/// retries, but those die with an activation or a silo; this poller reads the read model's
/// <c>task_due_at</c> index every second and wakes what is due, and wakes running tasks whose silo is
/// no longer an active cluster member. Every silo runs one; a task woken twice does nothing the
/// second time, so no leader election is needed.
/// </summary>
public sealed partial class DueTaskPoller : BackgroundService
{
    private readonly TaskReadModel _readModel;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _timeProvider;
    private readonly DueTaskPollerOptions _options;
    private readonly string _serviceId;
    private readonly ILogger<DueTaskPoller> _logger;
    private DateTimeOffset _nextRunningSweep;

    public DueTaskPoller(
        TaskReadModel readModel,
        IGrainFactory grains,
        IClusterMembershipService membership,
        TimeProvider timeProvider,
        IOptions<DueTaskPollerOptions> options,
        IOptions<ClusterOptions> cluster,
        ILogger<DueTaskPoller> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        _readModel = readModel;
        _grains = grains;
        _membership = membership;
        _timeProvider = timeProvider;
        _options = options.Value;
        _serviceId = cluster.Value.ServiceId;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _nextRunningSweep = _timeProvider.GetUtcNow() + _options.RunningSweepInterval;
        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL or the cluster is briefly unavailable; the next tick tries again.
                LogPollFailed(_logger, exception);
            }
        }
    }

    /// <summary>One pass: wake due tasks, then running tasks that lost their silo (or all running ones, now and then).</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var due = await _readModel.FindDueAsync(_serviceId, now + _options.LookAhead, _options.BatchSize, cancellationToken);
        await WakeAsync(due, cancellationToken);

        var sweepAll = now >= _nextRunningSweep;
        if (sweepAll)
        {
            _nextRunningSweep = now + _options.RunningSweepInterval;
        }

        var running = await _readModel.FindRunningAsync(_serviceId, TaskReadModel.MaxScanLimit, cancellationToken);
        if (running.Count == 0)
        {
            return;
        }

        var active = _membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToHashSet(StringComparer.Ordinal);
        var orphans = running.Where(r => sweepAll || r.Silo is null || !active.Contains(r.Silo)).Select(r => r.Id).ToList();
        if (orphans.Count > 0)
        {
            LogWakingRunning(_logger, orphans.Count, sweepAll);
            await WakeAsync(orphans, cancellationToken);
        }
    }

    private Task WakeAsync(IReadOnlyList<Guid> tasks, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            tasks,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (id, _) =>
            {
                try
                {
                    await _grains.GetGrain<ITaskGrain>(id).WakeAsync();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogWakeFailed(_logger, exception, id);
                }
            });

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Polling for due tasks failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Waking {Count} running tasks (full sweep: {FullSweep})")]
    private static partial void LogWakingRunning(ILogger logger, int count, bool fullSweep);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Waking task {TaskId} failed; the next poll retries it")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, Guid taskId);
}
