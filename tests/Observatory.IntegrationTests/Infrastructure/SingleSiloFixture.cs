using Observatory.Testing;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>One silo process and one gateway process on their own database and virtual host.</summary>
public sealed class SingleSiloFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public PostgresTestDatabase Database { get; private set; } = null!;

    public RabbitMqTestVirtualHost VirtualHost { get; private set; } = null!;

    public ClusterSettings Settings { get; private set; } = null!;

    public ObservatoryProcess Silo { get; private set; } = null!;

    public ObservatoryProcess Gateway { get; private set; } = null!;

    public GatewayClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        try
        {
            Database = await PostgresTestDatabase.CreateAsync("single");
            VirtualHost = await RabbitMqTestVirtualHost.CreateAsync("single");
            Settings = new ClusterSettings(Database.ConnectionString, VirtualHost.AmqpUri);
            Silo = await StartSiloAsync();
            Gateway = ObservatoryProcess.StartGateway(Settings, FreePort.Next());
            await Gateway.WaitUntilReadyAsync(StartTimeout);
            Client = new GatewayClient(Gateway.BaseAddress);
        }
        catch
        {
            // A half-started fixture is not disposed by the runner: release what it holds.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the silo gracefully and starts a new silo process in its place.</summary>
    public async Task RestartSiloAsync()
    {
        await Silo.StopAsync(TimeSpan.FromSeconds(60));
        await Silo.DisposeAsync();
        Silo = await StartSiloAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    private async Task<ObservatoryProcess> StartSiloAsync()
    {
        var silo = ObservatoryProcess.StartSilo(Settings, "silo-a", FreePort.Next(), FreePort.Next(), FreePort.Next());
        await silo.WaitUntilReadyAsync(StartTimeout);
        return silo;
    }
}
