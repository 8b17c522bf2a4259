using System.Net;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// The archive's backend being down never stops task processing: silo and gateway configured for a
/// MongoDB archive on a port where nothing listens start, become ready, run tasks, report the archive
/// Degraded, answer the events API with 503, and stop on time.
/// </summary>
public sealed class ArchiveDownTests : IAsyncLifetime
{
    private ObservatoryDeployment _deployment = null!;
    private ObservatoryProcess _silo = null!;
    private ObservatoryProcess _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        var unreachable = $"mongodb://127.0.0.1:{FreePort.Next()}/?serverSelectionTimeoutMS=500&connectTimeoutMS=500";
        _deployment = await ObservatoryDeployment.CreateAsync(
            "archivedown",
            async deployment =>
            {
                _silo = (await deployment.StartSilosAsync("silo-a"))[0];
                _gateway = await deployment.StartGatewayAsync();
            },
            overrides: new Dictionary<string, string>
            {
                ["Observatory__Archive__Backend"] = "mongo",
                ["Observatory__Archive__Mongo__ConnectionString"] = unreachable,
            });
    }

    [Fact]
    public async Task ArchiveUnreachable_TasksStillRun_HealthIsDegraded_EventsAnswer503_SiloStopsOnTime()
    {
        using var client = new GatewayClient(_gateway.BaseAddress, _deployment.Settings.ApiKey);
        using var silo = new HttpClient { BaseAddress = _silo.BaseAddress };
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await client.SubmitAsync("noop"));
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => client.GetStatusAsync(id), s => s == "succeeded", TimeSpan.FromSeconds(60), $"task {id} to succeed");
        }

        var health = await Eventually.ReturnsAsync(
            () => silo.GetStringAsync(new Uri("/health/archive", UriKind.Relative)), h => h == "Degraded", TimeSpan.FromSeconds(30), "the archive health to turn Degraded");
        using var ready = await silo.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var events = await client.GetAsync($"/api/v1/events?taskId={ids[0]}");
        using var problem = JsonDocument.Parse(await events.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Degraded", health);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
        Assert.NotNull(events.Headers.RetryAfter);
        Assert.True(ContractSchemas.Default.Validate(ContractName.ProblemDetails, problem.RootElement).IsValid);
        Assert.Equal("https://observatory.dev/problems/archive-unavailable", problem.RootElement.GetProperty("type").GetString());

        // Stopping gives the writer a few seconds to flush, then the silo exits: the outage does not hold it up.
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await _deployment.StopAsync(_silo);
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }
}
