using Npgsql;
using Observatory.Database.ReadModel;

namespace Observatory.Database.Tests.Support;

/// <summary>A migrated throwaway database with a <see cref="TaskReadModel"/> and a <see cref="TaskRows"/> writer over it.</summary>
public sealed class ReadModelDatabase : IAsyncLifetime
{
    private readonly MigratedDatabase _database = new();
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString => _database.ConnectionString;

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialised.");

    public TaskReadModel ReadModel { get; private set; } = null!;

    public TaskRows Rows { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        ReadModel = new TaskReadModel(_dataSource);
        Rows = await TaskRows.CreateAsync(ConnectionString);
    }

    /// <summary>
    /// Inserts <paramref name="count"/> task rows for <paramref name="serviceId"/> in one statement (the
    /// count trigger still runs): ids one second apart ending now, 5 types, 8 statuses, 50 tags.
    /// </summary>
    public async Task InsertTasksAsync(string serviceId, int count)
    {
        await using var command = DataSource.CreateCommand(
            """
            INSERT INTO orleans_storage
                (service_id, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, grain_type_hash,
                 payload, version, task_id, task_type, task_status, task_tags, task_attempt,
                 task_submitted_at, task_updated_at, task_due_at, task_silo)
            SELECT $1, 'task', i, i, hashtext($1), '', 0, NULL, 1,
                   (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
                   (ARRAY['noop', 'sleep', 'simulate', 'cpu', 'fail'])[1 + i % 5],
                   (ARRAY['queued', 'scheduled', 'running', 'retrying', 'succeeded', 'failed', 'dead-lettered', 'cancelled'])[1 + (i / 5) % 8],
                   ARRAY['tag' || i % 50],
                   1, to_timestamp(ms / 1000.0), to_timestamp(ms / 1000.0), NULL, NULL
            FROM generate_series(1, $2) AS i,
                 LATERAL (SELECT (extract(epoch FROM now()) * 1000)::bigint - ($2 - i) * 1000 AS ms, md5(i::text) AS h) AS x
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        await command.ExecuteNonQueryAsync();
        await using var analyze = DataSource.CreateCommand("ANALYZE orleans_storage");
        await analyze.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            _dataSource = null;
        }

        await _database.DisposeAsync();
    }
}
