using Observatory.Alerts;
using Observatory.Grains.Alerts;

namespace Observatory.Grains.Tests;

/// <summary>
/// The alerts grain through a real silo. The grain is one per deployment, so each test uses its own
/// fingerprints and looks only at them.
/// </summary>
public sealed class AlertsGrainTests : IClassFixture<TaskClusterFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly TaskClusterFixture _fixture;

    public AlertsGrainTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private IAlertsGrain Alerts => _fixture.Cluster.Client.GetGrain<IAlertsGrain>(IAlertsGrain.Key);

    [Fact]
    public async Task Apply_FiringAlerts_ListsThemActiveNewestFirstWithTheTimeTheyArrived()
    {
        await Alerts.ApplyAsync([Firing("order-old", Start), Firing("order-new", Start.AddMinutes(5))]);

        var active = Own(await Alerts.GetAsync(), "order-").Active;

        Assert.Equal(["order-new", "order-old"], active.Select(a => a.Notice.Fingerprint));
        Assert.All(active, alert => Assert.Equal(_fixture.Clock.GetUtcNow(), alert.ReceivedAt));
        Assert.Equal("TestAlert", active[0].Notice.Labels["alertname"]);
    }

    [Fact]
    public async Task Apply_TheSameFiringAlertAgain_UpdatesItInsteadOfListingItTwice()
    {
        await Alerts.ApplyAsync([Firing("repeat-1", Start)]);
        await Alerts.ApplyAsync([Firing("repeat-1", Start) with { Annotations = new Dictionary<string, string> { ["summary"] = "now worse" } }]);

        var alert = Assert.Single(Own(await Alerts.GetAsync(), "repeat-").Active);
        Assert.Equal("now worse", alert.Notice.Annotations["summary"]);
    }

    [Fact]
    public async Task Apply_ResolvedAlert_LeavesTheActiveListAndJoinsTheHistory()
    {
        await Alerts.ApplyAsync([Firing("resolve-a", Start), Firing("resolve-b", Start)]);
        await Alerts.ApplyAsync([Resolved("resolve-a", Start, Start.AddMinutes(30))]);

        var board = Own(await Alerts.GetAsync(), "resolve-");
        Assert.Equal(["resolve-b"], board.Active.Select(a => a.Notice.Fingerprint));
        var resolved = Assert.Single(board.RecentlyResolved);
        Assert.Equal("resolve-a", resolved.Notice.Fingerprint);
        Assert.Equal(Start.AddMinutes(30), resolved.Notice.EndsAt);
    }

    [Fact]
    public async Task Apply_ResolvedAlertsBeyondTheHistoryLength_KeepsOnlyTheNewest()
    {
        var notices = Enumerable.Range(0, AlertsGrain.HistoryLength + 5).Select(i => Resolved($"history-{i:D3}", Start, Start.AddMinutes(i))).ToList();
        await Alerts.ApplyAsync(notices);

        var history = (await Alerts.GetAsync()).RecentlyResolved;

        Assert.Equal(AlertsGrain.HistoryLength, history.Count);
        Assert.Equal($"history-{AlertsGrain.HistoryLength + 4:D3}", history[0].Notice.Fingerprint);
        Assert.DoesNotContain(history, alert => alert.Notice.Fingerprint == "history-000");
    }

    private static AlertBoard Own(AlertBoard board, string prefix) => new(
        [.. board.Active.Where(a => a.Notice.Fingerprint.StartsWith(prefix, StringComparison.Ordinal))],
        [.. board.RecentlyResolved.Where(a => a.Notice.Fingerprint.StartsWith(prefix, StringComparison.Ordinal))]);

    private static AlertNotice Firing(string fingerprint, DateTimeOffset startsAt) =>
        new(fingerprint, false, new Dictionary<string, string> { ["alertname"] = "TestAlert", ["severity"] = "warning" }, new Dictionary<string, string> { ["summary"] = "fires" }, startsAt, null, null);

    private static AlertNotice Resolved(string fingerprint, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        new(fingerprint, true, new Dictionary<string, string> { ["alertname"] = "TestAlert" }, new Dictionary<string, string>(), startsAt, endsAt, null);
}
