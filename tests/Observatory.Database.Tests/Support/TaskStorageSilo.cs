using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Observatory.Database.ReadModel;
using Observatory.Testing;
using Orleans.Configuration;
using Orleans.Storage;

namespace Observatory.Database.Tests.Support;

/// <summary>
/// A silo whose ADO.NET grain storage writes camelCase JSON (as Observatory's silo does) to a
/// migrated throwaway database, with a <see cref="TaskReadModel"/> over the same database:
/// "keep" clears by emptying the row (ClearStorageKey), "delete" by removing it (DeleteStorageKey).
/// </summary>
public sealed class TaskStorageSilo : IAsyncLifetime
{
    public const string ServiceId = "read-model-tests";
    public const string KeepOnClear = "keep";
    public const string DeleteOnClear = "delete";

    /// <summary>The state name the task grain persists under, which the read model recognises.</summary>
    public const string TaskStateName = "task";

    private readonly MigratedDatabase _database = new();
    private IHost? _host;
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString => _database.ConnectionString;

    public TaskReadModel ReadModel { get; private set; } = null!;

    public IGrainStorage Storage(string name) =>
        (_host ?? throw new InvalidOperationException("Not started.")).Services.GetRequiredKeyedService<IGrainStorage>(name);

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        try
        {
            _dataSource = NpgsqlDataSource.Create(ConnectionString);
            ReadModel = new TaskReadModel(_dataSource);
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: ServiceId, clusterId: "read-model-tests");
                silo.AddAdoNetGrainStorage(KeepOnClear, o => Configure(o, deleteOnClear: false));
                silo.AddAdoNetGrainStorage(DeleteOnClear, o => Configure(o, deleteOnClear: true));
            });
            _host = builder.Build();
            await _host.StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed; do not leave the database behind.
            await DisposeAsync();
            throw;
        }
    }

    private void Configure(AdoNetGrainStorageOptions options, bool deleteOnClear)
    {
        options.Invariant = Silos.Invariant;
        options.ConnectionString = ConnectionString;
        options.DeleteStateOnClear = deleteOnClear;
        options.GrainStorageSerializer = new CamelCaseJsonStorageSerializer();
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

            if (_dataSource is not null)
            {
                await _dataSource.DisposeAsync();
                _dataSource = null;
            }
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }
}
