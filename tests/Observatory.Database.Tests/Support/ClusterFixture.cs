using Microsoft.Extensions.Hosting;
using Observatory.Testing;
using Orleans.Configuration;

namespace Observatory.Database.Tests.Support;

/// <summary>
/// Two silos sharing ADO.NET clustering tables in a fresh, unmigrated database (their own start-up
/// migration creates the schema, both racing for it), plus a client that finds them through the
/// gateway list query.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => (_database ?? throw new InvalidOperationException("Not initialised.")).ConnectionString;

    public string ClusterId { get; } = Membership.NewClusterId();

    public IHost SiloA { get; private set; } = null!;

    public IHost SiloB { get; private set; } = null!;

    public IHost Client { get; private set; } = null!;

    /// <summary>How often silos write I-am-alive; short so the heartbeat test need not wait long.</summary>
    public static readonly TimeSpan IAmAlivePeriod = TimeSpan.FromSeconds(1);

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("cluster");
        try
        {
            SiloA = BuildSilo();
            SiloB = BuildSilo();
            await Task.WhenAll(SiloA.StartAsync(), SiloB.StartAsync());
            Client = Silos.BuildClient(ConnectionString, ClusterId);
            await Client.StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed; do not leave the database behind.
            await DisposeAsync();
            throw;
        }
    }

    public IHost BuildSilo() =>
        Silos.BuildClusteredSilo(ConnectionString, ClusterId, silo =>
            silo.Configure<ClusterMembershipOptions>(o => o.IAmAliveTablePublishTimeout = IAmAlivePeriod));

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var host in new[] { Client, SiloB, SiloA }.Where(h => h is not null))
            {
                await host.StopAsync();
                host.Dispose();
            }

            (Client, SiloB, SiloA) = (null!, null!, null!);
        }
        finally
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
                _database = null;
            }
        }
    }
}
