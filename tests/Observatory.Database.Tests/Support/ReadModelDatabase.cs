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
    /// count trigger still runs): ids one second apart ending now, 50 tags, and statuses and types skewed
    /// as in a live system: 85% succeeded, 5% failed, 3% cancelled, 2% each dead-lettered and queued,
    /// 1% each running, scheduled, retrying; types noop 60%, sleep 25%, simulate 10%, cpu 4%, fail 1%.
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
                   CASE WHEN i % 100 < 60 THEN 'noop' WHEN i % 100 < 85 THEN 'sleep' WHEN i % 100 < 95 THEN 'simulate'
                        WHEN i % 100 < 99 THEN 'cpu' ELSE 'fail' END,
                   CASE WHEN i % 97 < 82 THEN 'succeeded'
                        ELSE (ARRAY['failed', 'failed', 'failed', 'failed', 'failed', 'cancelled', 'cancelled', 'cancelled',
                                    'dead-lettered', 'dead-lettered', 'queued', 'queued', 'running', 'scheduled', 'retrying'])[i % 97 - 81] END,
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
