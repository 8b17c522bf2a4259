using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observatory.Testing;
using Orleans.Configuration;
using Orleans.Storage;

namespace Observatory.Database.Tests.Support;

/// <summary>
/// One silo (localhost clustering, so only grain storage touches PostgreSQL) with two ADO.NET grain
/// storage providers on a migrated throwaway database: "keep" clears by emptying the row
/// (ClearStorageKey), "delete" by removing it (DeleteStorageKey).
/// </summary>
public class StorageSilo : IAsyncLifetime
{
    public const string ServiceId = "storage-tests";
    public const string KeepOnClear = "keep";
    public const string DeleteOnClear = "delete";

    private readonly MigratedDatabase _database = new();
    private readonly string _serviceId;
    private IHost? _host;

    public StorageSilo()
        : this(ServiceId)
    {
    }

    protected StorageSilo(string serviceId)
    {
        _serviceId = serviceId;
    }

    public string ConnectionString => _database.ConnectionString;

    public IGrainStorage Storage(string name) =>
        (_host ?? throw new InvalidOperationException("Not started.")).Services.GetRequiredKeyedService<IGrainStorage>(name);

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        try
        {
            await OnDatabaseReadyAsync();
            await StartSiloAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed; do not leave the database behind.
            await DisposeAsync();
            throw;
        }
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

            await OnStoppedAsync();
        }
        finally
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Lets a derived fixture set up what reads the database beside the silo.</summary>
    protected virtual Task OnDatabaseReadyAsync() => Task.CompletedTask;

    /// <summary>Lets a derived fixture release what <see cref="OnDatabaseReadyAsync"/> set up.</summary>
    protected virtual ValueTask OnStoppedAsync() => ValueTask.CompletedTask;

    /// <summary>Lets a derived fixture change how both providers store state (e.g. the serializer).</summary>
    protected virtual void Configure(AdoNetGrainStorageOptions options)
    {
    }

    private async Task StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: _serviceId, clusterId: _serviceId);
            silo.AddAdoNetGrainStorage(KeepOnClear, o => ConfigureProvider(o, deleteOnClear: false));
            silo.AddAdoNetGrainStorage(DeleteOnClear, o => ConfigureProvider(o, deleteOnClear: true));
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    private void ConfigureProvider(AdoNetGrainStorageOptions options, bool deleteOnClear)
    {
        options.Invariant = Silos.Invariant;
        options.ConnectionString = ConnectionString;
        options.DeleteStateOnClear = deleteOnClear;
        Configure(options);
    }
}
