using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Grains.Events;
using Observatory.ServiceDefaults;
using Observatory.Stats;

namespace Observatory.Grains.Stats;

/// <summary>
/// Feeds the silo's task events into its <see cref="SiloStatsAggregator"/> and sends the
/// aggregator's snapshot to the cluster stats grain once per flush interval: one grain call per
/// silo per interval, however many events the silo runs.
/// </summary>
public sealed partial class SiloStatsReporter : BackgroundService
{
    /// <summary>About ten seconds of events at the silo's peak rate; a longer stall drops the oldest (counted).</summary>
    private const int FeedCapacity = 32_768;

    private readonly TaskEventFeed _feed;
    private readonly SiloStatsAggregator _aggregator;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<SiloStatsReporter> _logger;

    public SiloStatsReporter(
        TaskEventFeed feed, SiloStatsAggregator aggregator, IGrainFactory grains, ILocalSiloDetails silo,
        TimeProvider time, IOptions<ObservatoryOptions> options, ILogger<SiloStatsReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed;
        _aggregator = aggregator;
        _grains = grains;
        _silo = silo;
        _time = time;
        _interval = options.Value.Stats.FlushInterval;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribed before the first await, so while the host starts, before any task can run here.
        using var subscription = _feed.Subscribe(FeedCapacity);
        var consuming = ConsumeAsync(subscription, stoppingToken);
        using var timer = new PeriodicTimer(_interval, _time);
        var silo = _silo.SiloAddress.ToParsableString();
        var failingSince = (DateTimeOffset?)null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var snapshot = _aggregator.Snapshot(silo, _time.GetUtcNow(), subscription.Dropped);
                StatsMetrics.FeedDropped.Set(snapshot.Dropped);
                try
                {
                    await _grains.GetGrain<IClusterStatsGrain>(IClusterStatsGrain.Key).ReportAsync(snapshot);
                    failingSince = null;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever the cluster answers (not yet active, failing over, timed out), statistics
                    // must never stop the silo; the next snapshot carries everything this one did.
                    StatsMetrics.ReportFailures.Inc();
                    if (failingSince is null)
                    {
                        failingSince = snapshot.TakenAt;
                        LogReportFailed(exception);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await consuming;
    }

    private async Task ConsumeAsync(TaskEventFeed.Subscription subscription, CancellationToken stoppingToken)
    {
        var reader = subscription.Events;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (reader.TryRead(out var feedEvent))
                {
                    _aggregator.Record(feedEvent);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report this silo's statistics to the cluster stats grain; retrying every interval.")]
    private partial void LogReportFailed(Exception exception);
}
