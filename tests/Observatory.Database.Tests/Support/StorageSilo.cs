using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observatory.Testing;
using Orleans.Storage;

namespace Observatory.Database.Tests.Support;

/// <summary>
/// One silo (localhost clustering, so only grain storage touches PostgreSQL) with two ADO.NET grain
/// storage providers on a migrated throwaway database: "keep" clears by emptying the row
/// (ClearStorageKey), "delete" by removing it (DeleteStorageKey).
/// </summary>
public sealed class StorageSilo : IAsyncLifetime
{
    public const string ServiceId = "storage-tests";
    public const string KeepOnClear = "keep";
    public const string DeleteOnClear = "delete";

    private readonly MigratedDatabase _database = new();
    private IHost? _host;

    public string ConnectionString => _database.ConnectionString;

    public IGrainStorage Storage(string name) =>
        (_host ?? throw new InvalidOperationException("Not started.")).Services.GetRequiredKeyedService<IGrainStorage>(name);

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        try
        {
            await StartSiloAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed; do not leave the database behind.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: ServiceId, clusterId: "storage-tests");
            silo.AddAdoNetGrainStorage(KeepOnClear, o =>
            {
                o.Invariant = Silos.Invariant;
                o.ConnectionString = ConnectionString;
            });
            silo.AddAdoNetGrainStorage(DeleteOnClear, o =>
            {
                o.Invariant = Silos.Invariant;
                o.ConnectionString = ConnectionString;
                o.DeleteStateOnClear = true;
            });
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.StopAsync();
                _host.Dispose();
                _host = null;
            }
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }
}
