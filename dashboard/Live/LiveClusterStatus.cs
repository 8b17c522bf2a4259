using System.Text.Json;
using Observatory.Alerts;
using Observatory.Gateway.Alerts;
using Observatory.Stats;

namespace Observatory.Dashboard.Live;

/// <summary>
/// Once per <see cref="Interval"/>, and only while a browser is connected, reads the cluster statistics
/// and the alert board (one grain call each, however many browsers are open) and broadcasts a
/// <c>stats</c> message, and an <c>alerts</c> message when the board changed.
/// </summary>
public sealed partial class LiveClusterStatus : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly IClusterClient _client;
    private readonly LiveBrowsers _browsers;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LiveClusterStatus> _logger;
    private readonly SemaphoreSlim _alertsGate = new(1, 1);
    private AlertsMessage? _lastAlerts;

    public LiveClusterStatus(IClusterClient client, LiveBrowsers browsers, TimeProvider timeProvider, ILogger<LiveClusterStatus> logger)
    {
        _client = client;
        _browsers = browsers;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The active alerts, every browser stream's second message, read now. A board that differs from the
    /// last one broadcast is broadcast too (the joining browser is already registered and skips that copy),
    /// so browsers connected before see the change as well and the next tick does not send it again.
    /// </summary>
    public async Task<LiveMessage> CurrentAlertsAsync()
    {
        await _alertsGate.WaitAsync();
        try
        {
            return await ReadAndBroadcastAlertsIfChangedAsync();
        }
        finally
        {
            _alertsGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_browsers.AnyConnected)
                {
                    await Task.WhenAll(BroadcastStatsAsync(), BroadcastAlertsIfChangedAsync());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task BroadcastStatsAsync()
    {
        try
        {
            var stats = await _client.GetGrain<IClusterStatsGrain>(IClusterStatsGrain.Key).GetAsync();
            _browsers.Broadcast(new LiveMessage(LiveMessage.Stats, LiveStatsResource.From(stats)));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStatsFailed(_logger, exception);
        }
    }

    private async Task BroadcastAlertsIfChangedAsync()
    {
        await _alertsGate.WaitAsync();
        try
        {
            await ReadAndBroadcastAlertsIfChangedAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAlertsFailed(_logger, exception);
        }
        finally
        {
            _alertsGate.Release();
        }
    }

    /// <summary>Under <see cref="_alertsGate"/>, so a tick and a joining browser never both send one change.</summary>
    private async Task<LiveMessage> ReadAndBroadcastAlertsIfChangedAsync()
    {
        var current = await ReadAlertsAsync();
        if (_lastAlerts is { } last && current.Json.AsSpan().SequenceEqual(last.Json))
        {
            return last.Message;
        }

        _lastAlerts = current;
        _browsers.Broadcast(current.Message);
        return current.Message;
    }

    private async Task<AlertsMessage> ReadAlertsAsync()
    {
        var list = AlertListResource.From(await _client.GetGrain<IAlertsGrain>(IAlertsGrain.Key).GetAsync());

        // The board's records hold lists and maps, which compare by reference; their JSON compares by value.
        return new AlertsMessage(new LiveMessage(LiveMessage.Alerts, list), JsonSerializer.SerializeToUtf8Bytes(list, JsonSerializerOptions.Web));
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Could not read the cluster statistics for the live view")]
    private static partial void LogStatsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Could not read the alert board for the live view")]
    private static partial void LogAlertsFailed(ILogger logger, Exception exception);

    private sealed record AlertsMessage(LiveMessage Message, byte[] Json);
}
