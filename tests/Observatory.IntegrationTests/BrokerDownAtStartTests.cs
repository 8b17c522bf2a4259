using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>A silo that starts while the broker is down begins delivering by itself once it is up.</summary>
public sealed class BrokerDownAtStartTests : PrivateBrokerDeploymentTest
{
    private ObservatoryProcess _silo = null!;

    protected override string Purpose => "brokerdown";

    protected override Task<PrivateRabbitMqBroker> CreateBrokerAsync() => PrivateRabbitMqBroker.CreateStoppedAsync();

    protected override async Task StartAsync(ObservatoryDeployment deployment) =>
        _silo = await deployment.StartSiloWithoutWaitingForDependenciesAsync("silo-early");

    [Fact]
    public async Task SiloStartedWhileBrokerDown_DeliversOnceTheBrokerIsUp_WithoutRestart()
    {
        using (var http = new HttpClient { BaseAddress = _silo.BaseAddress })
        {
            using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }

        await Broker.StartAsync(BrokerTimeout);
        await _silo.WaitUntilReadyAsync(ObservatoryDeployment.StartTimeout);
        var gateway = await Deployment.StartGatewayAsync();
        using var client = new GatewayClient(gateway.BaseAddress, Deployment.Settings.ApiKey);
        var id = await client.SubmitAsync("noop");

        var status = await Eventually.ReturnsAsync(() => client.GetStatusAsync(id), s => s == "succeeded", TimeSpan.FromSeconds(60), "the task to run");
        Assert.Equal("succeeded", status);
        Assert.False(_silo.HasExited);
    }
}
