namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// A test class whose every test gets a fresh deployment: the silos <see cref="StartSilosAsync"/>
/// starts, then a gateway and a client for it; all of it is removed after the test.
/// </summary>
public abstract class GatewayDeploymentTest : IAsyncLifetime
{
    protected ObservatoryDeployment Deployment { get; private set; } = null!;

    protected GatewayClient Client { get; private set; } = null!;

    protected ObservatoryProcess Gateway { get; private set; } = null!;

    /// <summary>Names the test database and virtual host.</summary>
    protected abstract string Purpose { get; }

    public async ValueTask InitializeAsync()
    {
        Deployment = await ObservatoryDeployment.CreateAsync(Purpose, async deployment =>
        {
            await StartSilosAsync(deployment);
            Gateway = await deployment.StartGatewayAsync();
        });
        Client = new GatewayClient(Gateway.BaseAddress, Deployment.Settings.ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task StartSilosAsync(ObservatoryDeployment deployment);
}
