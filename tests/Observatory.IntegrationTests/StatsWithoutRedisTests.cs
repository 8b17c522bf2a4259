using System.Net;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>Redis being unreachable never stops task processing: live stats still answer, health says Degraded, history says 503.</summary>
public sealed class StatsWithoutRedisTests : IAsyncLifetime
{
    private ObservatoryDeployment _deployment = null!;
    private ObservatoryProcess _silo = null!;
    private GatewayClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        ObservatoryProcess gateway = null!;

        // Nothing listens on a fresh free port: every connection attempt is refused.
        _deployment = await ObservatoryDeployment.CreateAsync(
            "statsnoredis",
            async deployment =>
            {
                _silo = (await deployment.StartSilosAsync("silo-a"))[0];
                gateway = await deployment.StartGatewayAsync();
            },
            redisConnectionString: $"127.0.0.1:{FreePort.Next()},connectTimeout=1000");
        _client = new GatewayClient(gateway.BaseAddress, _deployment.Settings.ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Fact]
    public async Task RedisUnreachable_TasksStillRun_LiveStatsAnswer_HealthIsDegraded_HistoryIs503()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await _client.SubmitAsync("noop"));
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => _client.GetStatusAsync(id), s => s == "succeeded", TimeSpan.FromSeconds(60), $"task {id}");
        }

        var stats = await Eventually.ReturnsAsync(
            () => _client.GetJsonAsync("/api/v1/stats"),
            s => s.GetProperty("tasks").GetProperty("byStatus").GetProperty("succeeded").GetInt64() == 10,
            TimeSpan.FromSeconds(30),
            "live stats without Redis");
        using var history = await _client.GetAsync("/api/v1/stats/history?window=15m");
        using var gatewayHealth = await _client.GetAsync("/health");
        using var silo = new HttpClient { BaseAddress = _silo.BaseAddress };
        using var siloHealth = await silo.GetAsync(new Uri("/health", UriKind.Relative));
        using var siloReady = await silo.GetAsync(new Uri("/readyz", UriKind.Relative));

        StatsApiTests.AssertValid(Contracts.ContractName.Stats, stats);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
        Assert.Contains("stats-history-unavailable", await history.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(history.Headers.RetryAfter is not null);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (gatewayHealth.StatusCode, await gatewayHealth.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (siloHealth.StatusCode, await siloHealth.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, siloReady.StatusCode);
    }
}
