using Npgsql;
using Observatory.Database.ReadModel;
using Orleans.Configuration;

namespace Observatory.Database.Tests.Support;

/// <summary>
/// A <see cref="StorageSilo"/> whose grain storage writes camelCase JSON (as Observatory's silo
/// does), with a <see cref="TaskReadModel"/> over the same database.
/// </summary>
public sealed class TaskStorageSilo : StorageSilo
{
    /// <summary>The state name the task grain persists under, which the read model recognises.</summary>
    public const string TaskStateName = "task";

    public new const string ServiceId = "read-model-tests";

    private NpgsqlDataSource? _dataSource;

    public TaskStorageSilo()
        : base(ServiceId)
    {
    }

    public TaskReadModel ReadModel { get; private set; } = null!;

    protected override Task OnDatabaseReadyAsync()
    {
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        ReadModel = new TaskReadModel(_dataSource);
        return Task.CompletedTask;
    }

    protected override async ValueTask OnStoppedAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            _dataSource = null;
        }
    }

    protected override void Configure(AdoNetGrainStorageOptions options) =>
        options.GrainStorageSerializer = new CamelCaseJsonStorageSerializer();
}
