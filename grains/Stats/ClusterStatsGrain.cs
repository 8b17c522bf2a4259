using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Database.ReadModel;
using Observatory.ServiceDefaults;
using Observatory.ServiceDefaults.Stats;
using Observatory.Stats;
using Observatory.Tasks;
using Orleans.Configuration;
using Prometheus;
using StackExchange.Redis;

namespace Observatory.Grains.Stats;

/// <summary>
/// Merges the silos' snapshots (one call per silo per second, whatever the event rate), reads the
/// counts by status from PostgreSQL's sharded counters, and flushes everything to Redis on a timer,
/// with the latency of each second and minute from the differences between consecutive snapshots.
/// A silo that leaves the cluster has its counters folded into the retired totals and its windows
/// dropped; the counts by status never depend on the silos, so they are right again within one
/// refresh after a crash.
/// </summary>
public sealed partial class ClusterStatsGrain : Grain, IClusterStatsGrain
{
    private readonly IClusterMembershipService _membership;
    private readonly TaskReadModel _readModel;
    private readonly StatsRedisWriter _writer;
    private readonly StatsSettings _settings;
    private readonly string _serviceId;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterStatsGrain> _logger;
    private readonly Dictionary<string, (SiloStatsSnapshot Snapshot, DateTimeOffset ReceivedAt)> _silos = new(StringComparer.Ordinal);
    private readonly HashSet<string> _departed = new(StringComparer.Ordinal);
    private readonly StatsTotals _retired = new();
    private readonly LatencyWindows _latency = new();
    private StatusCounts _tasks = new(null, 0, TaskStateExtensions.All.ToDictionary(s => s.ToContractName(), _ => 0L));
    private DateTimeOffset _countsDueAt = DateTimeOffset.MinValue;
    private long _flushFailures;
    private DateTimeOffset _failureLoggedAt = DateTimeOffset.MinValue;

    public ClusterStatsGrain(
        IClusterMembershipService membership, TaskReadModel readModel, StatsRedisWriter writer,
        IOptions<ObservatoryOptions> options, IOptions<ClusterOptions> cluster, TimeProvider time, ILogger<ClusterStatsGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        _membership = membership;
        _readModel = readModel;
        _writer = writer;
        _settings = options.Value.Stats;
        _serviceId = cluster.Value.ServiceId;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Interleaved: a slow PostgreSQL or Redis never holds up reports or reads; ticks never overlap.
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(_settings.FlushInterval, _settings.FlushInterval) { KeepAlive = true, Interleave = true });
        return Task.CompletedTask;
    }

    public Task ReportAsync(SiloStatsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Cumulative snapshots make this idempotent: a repeat or a late one is ignored, never added.
        var previous = _silos.TryGetValue(snapshot.Silo, out var known) ? known.Snapshot : null;
        if (_departed.Contains(snapshot.Silo) || previous?.Sequence >= snapshot.Sequence)
        {
            return Task.CompletedTask;
        }

        _latency.Observe(previous, snapshot);
        _silos[snapshot.Silo] = (snapshot, _time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<ClusterStats> GetAsync()
    {
        RetireDepartedSilos();
        return Task.FromResult(Merge().Stats);
    }

    private ClusterStatsMerge Merge()
    {
        var now = _time.GetUtcNow();
        return ClusterStatsMerge.Of(_retired, [.. _silos.Values.Select(s => s.Snapshot)], _tasks, _latency.Recent(now), now);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        RetireDepartedSilos();
        var now = _time.GetUtcNow();
        if (now >= _countsDueAt)
        {
            _countsDueAt = now + _settings.CountsRefreshInterval;
            await RefreshCountsAsync(cancellationToken);
        }

        var merged = Merge();
        try
        {
            using (StatsMetrics.FlushDuration.NewTimer())
            {
                await _writer.FlushAsync(
                    merged.Stats,
                    [.. merged.Seconds.Select(b => new HistoryBucket(b.Start, b.Counts, _latency.Second(b.Start)))],
                    [.. merged.Minutes.Select(b => new HistoryBucket(b.Start, b.Counts, _latency.Minute(b.Start)))]);
            }

            StatsMetrics.Flushes.Inc();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis only holds the history; the live figures are here and processing never waits on it.
            StatsMetrics.FlushFailures.Inc();
            _flushFailures++;
            if (now - _failureLoggedAt >= TimeSpan.FromMinutes(1))
            {
                _failureLoggedAt = now;
                LogFlushFailed(exception, _flushFailures);
            }
        }
    }

    private async Task RefreshCountsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var counts = await _readModel.CountByStatusAsync(_serviceId, cancellationToken);
            _tasks = new StatusCounts(_time.GetUtcNow(), counts.Values.Sum(), counts);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            // The previous counts stay, with their read time telling how old they are.
            LogCountsFailed(exception);
        }
    }

    /// <summary>
    /// Folds the counters of silos the cluster declared gone into the retired totals and drops their
    /// windows. A silo this silo's membership view does not know yet is kept while it reports.
    /// </summary>
    private void RetireDepartedSilos()
    {
        var members = _membership.CurrentSnapshot.Members;
        var now = _time.GetUtcNow();
        foreach (var (silo, (snapshot, receivedAt)) in _silos.ToList())
        {
            var address = SiloAddress.FromParsableString(silo);
            var departed = members.TryGetValue(address, out var member)
                ? member.Status.IsTerminating()
                : now - receivedAt > _settings.StaleAfter;
            if (departed)
            {
                _silos.Remove(silo);
                _departed.Add(silo);
                _retired.Add(snapshot);
                LogSiloRetired(silo, snapshot.Sequence);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not flush statistics to Redis ({Failures} failures so far); live statistics are unaffected.")]
    private partial void LogFlushFailed(Exception exception, long failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the task counts from PostgreSQL; keeping the previous ones.")]
    private partial void LogCountsFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} left the cluster; its statistics up to snapshot {Sequence} are kept as retired totals.")]
    private partial void LogSiloRetired(string silo, long sequence);
}
