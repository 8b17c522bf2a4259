using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>A silo that starts while the broker is down begins delivering by itself once it is up.</summary>
public sealed class BrokerDownAtStartTests : IAsyncLifetime
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(90);
    private PrivateRabbitMqBroker _broker = null!;
    private ObservatoryDeployment _deployment = null!;
    private ObservatoryProcess _silo = null!;

    public async ValueTask InitializeAsync()
    {
        _broker = await PrivateRabbitMqBroker.CreateStoppedAsync();
        try
        {
            _deployment = await ObservatoryDeployment.CreateAsync(
                "brokerdown",
                async deployment => _silo = await deployment.StartSiloWithoutWaitingForDependenciesAsync("silo-early"),
                _broker.AmqpUri,
                queueCount: 2);
        }
        catch
        {
            await _broker.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task SiloStartedWhileBrokerDown_DeliversOnceTheBrokerIsUp_WithoutRestart()
    {
        using (var http = new HttpClient { BaseAddress = _silo.BaseAddress })
        {
            using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }

        await _broker.StartAsync(BrokerTimeout);
        await _silo.WaitUntilReadyAsync(ObservatoryDeployment.StartTimeout);
        var gateway = await _deployment.StartGatewayAsync();
        using var client = new GatewayClient(gateway.BaseAddress);
        var id = await client.SubmitAsync("noop");

        var status = await Eventually.ReturnsAsync(() => client.GetStatusAsync(id), s => s == "succeeded", TimeSpan.FromSeconds(60), "the task to run");
        Assert.Equal("succeeded", status);
        Assert.False(_silo.HasExited);
    }
}
