using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Observatory.LoadTest.Seed;

/// <summary>
/// Tops up orleans_storage to N task rows for one service with plain multi-row INSERTs that set the
/// task_* read-model columns explicitly (the column list of the shared design), one transaction per
/// batch. INSERT rather than COPY so the row triggers that maintain task_status_counts run exactly
/// as for the storage provider's own insert branch.
/// </summary>
internal sealed class TaskSeeder
{
    private const string GrainType = "task";

    private const string InsertSql = """
        INSERT INTO orleans_storage
            (service_id, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, grain_type_hash,
             payload, version, modified_on,
             task_id, task_type, task_status, task_tags, task_attempt, task_submitted_at, task_updated_at, task_due_at, task_silo)
        SELECT $1, $2, r.hash, r.n0, r.n1, '', $3,
               r.payload, 1, r.updated_at,
               r.id, r.type, r.status,
               CASE WHEN r.tags = '' THEN '{}'::text[] ELSE string_to_array(r.tags, ',') END,
               r.attempt, r.submitted_at, r.updated_at, r.due_at, NULL
        FROM unnest($4::int[], $5::bigint[], $6::bigint[], $7::bytea[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::int[],
                    $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])
             AS r(hash, n0, n1, payload, id, type, status, tags, attempt, submitted_at, updated_at, due_at)
        ON CONFLICT ON CONSTRAINT orleans_storage_pkey DO NOTHING
        """;

    private readonly NpgsqlDataSource _db;
    private readonly string _serviceId;

    public TaskSeeder(NpgsqlDataSource db, string serviceId)
    {
        _db = db;
        _serviceId = serviceId;
    }

    /// <summary>Throws with a clear message when migration 0004's columns are not there.</summary>
    public async Task EnsureReadModelAsync(CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("""
            SELECT count(*) FROM information_schema.columns
            WHERE table_name = 'orleans_storage' AND table_schema = ANY(current_schemas(false))
              AND column_name IN ('task_id','task_type','task_status','task_tags','task_attempt','task_submitted_at','task_updated_at','task_due_at','task_silo')
            """);
        if ((long)(await cmd.ExecuteScalarAsync(ct))! != 9)
        {
            throw new InvalidOperationException(
                "orleans_storage lacks the task_* read-model columns: apply migration 0004_task_read_model (start a silo built with it) before seed-list.");
        }
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("SELECT count(*) FROM orleans_storage WHERE service_id = $1 AND task_id IS NOT NULL");
        cmd.Parameters.AddWithValue(_serviceId);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Per-status totals from task_status_counts; null when the table does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, long>?> StatusCountsAsync(CancellationToken ct)
    {
        await using (var exists = _db.CreateCommand("SELECT to_regclass('task_status_counts') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return null;
            }
        }

        await using var cmd = _db.CreateCommand("SELECT status, sum(count)::bigint FROM task_status_counts WHERE service_id = $1 GROUP BY status");
        cmd.Parameters.AddWithValue(_serviceId);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Inserts <paramref name="count"/> generated tasks; returns how many rows were new.</summary>
    public async Task<long> InsertAsync(long count, int batchSize, SeedTaskGenerator generator, CancellationToken ct)
    {
        var grainTypeHash = OrleansStorageKey.GrainTypeHash(GrainType);
        var started = Stopwatch.GetTimestamp();
        long inserted = 0;
        var lastPrint = TimeSpan.Zero;
        for (long done = 0; done < count; done += batchSize)
        {
            var rows = Enumerable.Range(0, (int)Math.Min(batchSize, count - done)).Select(_ => generator.Next()).ToArray();
            inserted += await InsertBatchAsync(rows, grainTypeHash, ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed - lastPrint >= TimeSpan.FromSeconds(5))
            {
                lastPrint = elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {done + rows.Length:N0} of {count:N0} ({(done + rows.Length) / elapsed.TotalSeconds:N0} rows/s)"));
            }
        }

        return inserted;
    }

    private async Task<int> InsertBatchAsync(SeedRow[] rows, int grainTypeHash, CancellationToken ct)
    {
        var keys = rows.Select(r => OrleansStorageKey.ForGuid(r.Id)).ToArray();
        await using var connection = await _db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(InsertSql, connection, tx);
        cmd.Parameters.AddWithValue(_serviceId);
        cmd.Parameters.AddWithValue(GrainType);
        cmd.Parameters.AddWithValue(grainTypeHash);
        cmd.Parameters.AddWithValue(keys.Select(k => k.Hash).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.N0).ToArray());
        cmd.Parameters.AddWithValue(keys.Select(k => k.N1).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Payload).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Id).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Type).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Status).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => string.Join(',', r.Tags)).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Attempt).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.SubmittedAt).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.UpdatedAt).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = rows.Select(r => r.DueAt).ToArray() });
        var n = await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return n;
    }
}
