using System.Net;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// With the broker down the gateway refuses tasks with 503 instead of losing them, and once the
/// broker is back it accepts again on its own; tasks confirmed before the outage all complete.
/// </summary>
public sealed class BrokerOutageTests : PrivateBrokerDeploymentTest
{
    private GatewayClient _client = null!;

    protected override string Purpose => "outage";

    protected override Task<PrivateRabbitMqBroker> CreateBrokerAsync() => PrivateRabbitMqBroker.LaunchAsync(BrokerTimeout);

    protected override async Task StartAsync(ObservatoryDeployment deployment)
    {
        await deployment.StartSilosAsync("silo-outage");
        _client = new GatewayClient((await deployment.StartGatewayAsync()).BaseAddress, deployment.Settings.ApiKey);
    }

    public override async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task BrokerStopped_SubmitAnswers503_NothingAcceptedIsLost_AndSubmitRecoversWithoutRestart()
    {
        var acceptedBefore = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            acceptedBefore.Add(await _client.SubmitAsync("sleep", """{"durationMs":50}"""));
        }

        await Broker.StopAsync(BrokerTimeout);
        var refusals = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            refusals.Add(await _client.PostJsonAsync("/api/v1/tasks", """{"type":"noop"}"""));
        }

        await Broker.StartAsync(BrokerTimeout);
        var acceptedAfter = await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await _client.PostJsonAsync("/api/v1/tasks", """{"type":"noop"}""");
                return response.StatusCode == HttpStatusCode.Accepted
                    ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetGuid()
                    : Guid.Empty;
            },
            id => id != Guid.Empty,
            TimeSpan.FromSeconds(30),
            "the gateway to accept tasks again");

        foreach (var refusal in refusals)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.StatusCode);
            Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refusal.Headers.RetryAfter);
            var problem = JsonDocument.Parse(await refusal.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("https://observatory.dev/problems/broker-unavailable", problem.GetProperty("type").GetString());
            refusal.Dispose();
        }

        foreach (var id in acceptedBefore.Append(acceptedAfter))
        {
            // Durable queues and persistent messages: every task the broker confirmed still runs.
            await Eventually.ReturnsAsync(() => _client.GetStatusAsync(id), s => s == "succeeded", TimeSpan.FromSeconds(60), $"task {id} to succeed");
        }
    }

    [Fact]
    public async Task BrokerRestartedMidStream_EveryTaskAnswered202Succeeds()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var refused = 0;
        using var stop = new CancellationTokenSource();

        // Four clients keep submitting through the whole outage; each answer is either a 202 that
        // must hold or a 503 that promised nothing.
        var submitters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await _client.PostJsonAsync("/api/v1/tasks", """{"type":"noop"}""");
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetGuid());
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Interlocked.Increment(ref refused);
                    await Task.Delay(50);
                }
            }
        })).ToList();

        await Eventually.ReturnsAsync(() => Task.FromResult(accepted.Count), n => n >= 50, TimeSpan.FromSeconds(30), "submissions before the restart");
        await Broker.StopAsync(BrokerTimeout);
        await Broker.StartAsync(BrokerTimeout);
        var before = accepted.Count;
        await Eventually.ReturnsAsync(() => Task.FromResult(accepted.Count), n => n >= before + 50, TimeSpan.FromSeconds(60), "submissions after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(submitters);

        Assert.True(refused > 0, "the outage was not observed by any submitter");
        foreach (var id in accepted)
        {
            await Eventually.ReturnsAsync(() => _client.GetTaskThroughFailoverAsync(id), t => t?.GetProperty("status").GetString() == "succeeded", TimeSpan.FromSeconds(120), $"task {id} to succeed");
        }
    }
}
