using System.Net;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// The alerting path with the real thing: Debian's Prometheus scrapes a silo pair and the gateway
/// with the project's rules, Debian's Alertmanager delivers to the gateway's webhook, and the alerts
/// show in <c>GET /api/v1/alerts</c>.
/// </summary>
public sealed class AlertingEndToEndTests : GatewayDeploymentTest
{
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(45);
    private IReadOnlyList<ObservatoryProcess> _silos = null!;

    protected override string Purpose => "alerting";

    // Two silos: the alerts grain must stay reachable while one of them is stopped.
    protected override async Task StartSilosAsync(ObservatoryDeployment deployment) =>
        _silos = await deployment.StartSilosAsync("silo-a", "silo-b");

    [Fact]
    public async Task FailingTasksThenAStoppedSilo_FireTaskFailureRateHighThenServiceDown_ListedByTheGateway()
    {
        await using var monitoring = await MonitoringStack.StartAsync(Deployment.Settings, _silos, Gateway);
        await monitoring.WaitUntilScrapedAsync(_silos.Count + 1);

        var failing = string.Join(",", Enumerable.Repeat("""{"type":"fail","payload":{"permanent":true,"message":"burst"}}""", 40));
        using (var batch = await Client.PostJsonAsync("/api/v1/tasks/batch", $$"""{"tasks":[{{failing}}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        }

        var failureAlert = await WaitForAlertAsync(monitoring, "TaskFailureRateHigh", _ => true);
        Assert.Equal("warning", failureAlert.GetProperty("severity").GetString());
        Assert.Equal("https://observatory.dev/docs/runbooks/TaskFailureRateHigh.md", failureAlert.GetProperty("runbookUrl").GetString());
        Assert.Equal("100% of tasks fail", failureAlert.GetProperty("summary").GetString());

        var stopped = _silos[1];
        await Deployment.StopAsync(stopped);
        var downAlert = await WaitForAlertAsync(monitoring, "ServiceDown",
            alert => alert.GetProperty("labels").GetProperty("instance").GetString() == $"{stopped.BaseAddress.Host}:{stopped.BaseAddress.Port}");
        Assert.Equal("critical", downAlert.GetProperty("severity").GetString());
        Assert.Equal("silo", downAlert.GetProperty("labels").GetProperty("service").GetString());
        Assert.Equal("observatory-silo", downAlert.GetProperty("labels").GetProperty("job").GetString());
    }

    /// <summary>Waits until the gateway lists a firing alert <paramref name="name"/> that <paramref name="matches"/>; on timeout, says what Prometheus saw.</summary>
    private async Task<JsonElement> WaitForAlertAsync(MonitoringStack monitoring, string name, Func<JsonElement, bool> matches)
    {
        try
        {
            var alerts = await Eventually.ReturnsAsync(
                async () =>
                {
                    using var response = await Client.GetAsync("/api/v1/alerts");
                    return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
                },
                list => list.ValueKind == JsonValueKind.Object && list.GetProperty("alerts").EnumerateArray().Any(a => IsFiring(a, name) && matches(a)),
                AlertTimeout,
                $"the gateway to list a firing {name}");
            return alerts.GetProperty("alerts").EnumerateArray().First(a => IsFiring(a, name) && matches(a));
        }
        catch (TimeoutException timeout)
        {
            using var http = new HttpClient { BaseAddress = monitoring.Prometheus.BaseAddress };
            var alerts = await http.GetStringAsync(new Uri("/api/v1/alerts", UriKind.Relative));
            var targets = await http.GetStringAsync(new Uri("/api/v1/targets", UriKind.Relative));
            throw new TimeoutException(
                $"{timeout.Message}{Environment.NewLine}Prometheus alerts: {alerts}{Environment.NewLine}Prometheus targets: {targets}{Environment.NewLine}Prometheus: {monitoring.Prometheus.RecentOutput}{Environment.NewLine}Alertmanager: {monitoring.Alertmanager.RecentOutput}",
                timeout);
        }
    }

    private static bool IsFiring(JsonElement alert, string name) =>
        alert.GetProperty("name").GetString() == name && alert.GetProperty("status").GetString() == "firing";
}
