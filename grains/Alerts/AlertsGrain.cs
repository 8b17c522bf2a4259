using Microsoft.Extensions.DependencyInjection;
using Observatory.Alerts;
using Observatory.Grains.Tasks;

namespace Observatory.Grains.Alerts;

/// <summary>
/// Keeps the deployment's active alerts and a short history of resolved ones. A notification costs
/// one durable write; Alertmanager repeats firing alerts, so a lost write heals with the next one.
/// </summary>
public sealed class AlertsGrain : Grain, IAlertsGrain
{
    /// <summary>Resolved alerts kept for the UIs; older ones are dropped.</summary>
    public const int HistoryLength = 50;

    private readonly IPersistentState<AlertsState> _state;
    private readonly TimeProvider _timeProvider;

    public AlertsGrain([PersistentState("alerts", TaskStorage.Name)] IPersistentState<AlertsState> state, [FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider)
    {
        _state = state;
        _timeProvider = timeProvider;
    }

    public async Task ApplyAsync(IReadOnlyList<AlertNotice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        var now = _timeProvider.GetUtcNow();
        var state = _state.State;
        foreach (var notice in notices)
        {
            state.Active.RemoveAll(alert => alert.Notice.Fingerprint == notice.Fingerprint);
            if (notice.Resolved)
            {
                state.Resolved.Insert(0, new Alert(notice, now));
            }
            else
            {
                state.Active.Add(new Alert(notice, now));
            }
        }

        if (state.Resolved.Count > HistoryLength)
        {
            state.Resolved.RemoveRange(HistoryLength, state.Resolved.Count - HistoryLength);
        }

        await _state.WriteStateAsync();
    }

    public Task<AlertBoard> GetAsync() => Task.FromResult(new AlertBoard(
        [.. _state.State.Active.OrderByDescending(alert => alert.Notice.StartsAt)],
        [.. _state.State.Resolved]));
}

/// <summary>The persisted alerts: active ones in arrival order, resolved ones newest first.</summary>
[GenerateSerializer]
[Alias("observatory.alerts-state.v1")]
public sealed class AlertsState
{
    [Id(0)] public List<Alert> Active { get; set; } = [];
    [Id(1)] public List<Alert> Resolved { get; set; } = [];
}
