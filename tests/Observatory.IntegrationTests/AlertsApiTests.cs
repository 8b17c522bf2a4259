using System.Net;
using System.Text;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;
using static Observatory.Testing.AlertmanagerPayloads;

namespace Observatory.IntegrationTests;

/// <summary>
/// The Alertmanager webhook and the alert list on a real gateway and silo: bearer-token
/// authentication, payload validation, firing and resolved alerts, and persistence across a silo restart.
/// </summary>
public sealed class AlertsApiTests : GatewayDeploymentTest
{
    private ObservatoryProcess _silo = null!;

    protected override string Purpose => "alerts-api";

    protected override async Task StartSilosAsync(ObservatoryDeployment deployment) =>
        _silo = (await deployment.StartSilosAsync("silo-1"))[0];

    [Fact]
    public async Task Webhook_WithoutTheToken_Answers401ProblemAndStoresNothing()
    {
        var payload = Payload(Firing("fp-1", "ServiceDown", "2026-11-27T10:00:00Z"));
        foreach (var authorization in new[] { null, "Bearer wrong-token-of-some-length", $"Basic {Deployment.Settings.AlertWebhookToken}", "Bearer " })
        {
            using var response = await PostWebhookAsync(payload, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("https://observatory.dev/problems/unauthorized", problem.GetProperty("type").GetString());
        }

        var list = await Client.GetJsonAsync("/api/v1/alerts");
        Assert.Equal(0, list.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Webhook_BadPayload_Answers400ProblemNamingTheField()
    {
        using (var malformed = await PostWebhookAsync("{\"version\":", Bearer))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("malformed-json", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var wrongVersion = await PostWebhookAsync(Payload(Firing("fp-1", "ServiceDown", "2026-11-27T10:00:00Z")).Replace("\"version\":\"4\"", "\"version\":\"3\"", StringComparison.Ordinal), Bearer);
        Assert.Equal(HttpStatusCode.BadRequest, wrongVersion.StatusCode);
        var problem = JsonDocument.Parse(await wrongVersion.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://observatory.dev/problems/validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("/version", out _), problem.ToString());

        using var noFingerprint = await PostWebhookAsync(Payload(Firing("fp-1", "ServiceDown", "2026-11-27T10:00:00Z")).Replace(",\"fingerprint\":\"fp-1\"", string.Empty, StringComparison.Ordinal), Bearer);
        Assert.Equal(HttpStatusCode.BadRequest, noFingerprint.StatusCode);
    }

    [Fact]
    public async Task Webhook_FiringThenResolved_ListsActiveNewestFirstThenMovesResolvedToHistory()
    {
        using (var first = await PostWebhookAsync(Payload(Firing("fp-old", "DatabaseUnavailable", "2026-11-27T10:00:00.123456789Z")), Bearer))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using (var second = await PostWebhookAsync(Payload(Firing("fp-new", "TaskFailureRateHigh", "2026-11-27T11:00:00Z")), Bearer))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        var list = await GetAlertListAsync();
        var active = list.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(["fp-new", "fp-old"], active.Select(a => a.GetProperty("fingerprint").GetString()));
        Assert.Equal("TaskFailureRateHigh", active[0].GetProperty("name").GetString());
        Assert.Equal("warning", active[0].GetProperty("severity").GetString());
        Assert.Equal("https://observatory.dev/docs/runbooks/TaskFailureRateHigh.md", active[0].GetProperty("runbookUrl").GetString());
        Assert.Equal("firing", active[0].GetProperty("status").GetString());

        using (var resolved = await PostWebhookAsync(Payload(Resolved("fp-old", "DatabaseUnavailable", "2026-11-27T10:00:00Z", "2026-11-27T12:00:00Z")), Bearer))
        {
            Assert.Equal(HttpStatusCode.NoContent, resolved.StatusCode);
        }

        list = await GetAlertListAsync();
        Assert.Equal(["fp-new"], list.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("fingerprint").GetString()));
        var history = Assert.Single(list.GetProperty("recentlyResolved").EnumerateArray());
        Assert.Equal("fp-old", history.GetProperty("fingerprint").GetString());
        Assert.Equal("resolved", history.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), history.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Alerts_AfterSiloRestart_AreStillListed()
    {
        using (var response = await PostWebhookAsync(Payload(Firing("fp-kept", "QueueBacklogGrowing", "2026-11-27T10:00:00Z")), Bearer))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await Deployment.StopAsync(_silo);
        _silo = (await Deployment.StartSilosAsync("silo-2"))[0];

        // The gateway's client needs a moment to find the new silo.
        await Eventually.ReturnsAsync(async () => { using var response = await Client.GetAsync("/api/v1/alerts"); return response.StatusCode; }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the gateway to reach the new silo");
        var list = await GetAlertListAsync();
        Assert.Equal("fp-kept", Assert.Single(list.GetProperty("alerts").EnumerateArray()).GetProperty("fingerprint").GetString());
    }

    private string Bearer => $"Bearer {Deployment.Settings.AlertWebhookToken}";

    private async Task<JsonElement> GetAlertListAsync()
    {
        var list = await Client.GetJsonAsync("/api/v1/alerts");
        var validation = ContractSchemas.Default.Validate(ContractName.AlertList, list);
        Assert.True(validation.IsValid, string.Join("; ", validation.ToErrorDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return list;
    }

    private async Task<HttpResponseMessage> PostWebhookAsync(string body, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Client.SendAsync(request);
    }
}
