namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>One silo process and one gateway process on their own database and virtual host.</summary>
public sealed class SingleSiloFixture : IAsyncLifetime
{
    public const string SiloName = "silo-a";

    public ObservatoryDeployment Deployment { get; private set; } = null!;

    public ObservatoryProcess Silo { get; private set; } = null!;

    public ObservatoryProcess Gateway { get; private set; } = null!;

    public GatewayClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Deployment = await ObservatoryDeployment.CreateAsync("single", async deployment =>
        {
            Silo = (await deployment.StartSilosAsync(SiloName))[0];
            Gateway = await deployment.StartGatewayAsync();
        });
        Client = new GatewayClient(Gateway.BaseAddress, Deployment.Settings.ApiKey);
    }

    /// <summary>Stops the silo gracefully and starts a new silo process in its place.</summary>
    public async Task RestartSiloAsync()
    {
        await Deployment.StopAsync(Silo);
        Silo = (await Deployment.StartSilosAsync(SiloName))[0];
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }
    }
}
