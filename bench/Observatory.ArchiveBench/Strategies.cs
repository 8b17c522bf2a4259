using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Observatory.EventArchive;
using Observatory.EventArchive.Postgres;

namespace Observatory.ArchiveBench;

/// <summary>The archive's own statement: INSERT ... SELECT FROM unnest(five arrays) ON CONFLICT DO NOTHING.</summary>
internal sealed class UnnestStrategy(PostgresEventArchive archive) : IInsertStrategy
{
    public string Name => "unnest (archive)";

    public Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken) => archive.AppendAsync(events, cancellationToken);
}

/// <summary>INSERT ... VALUES (…), (…), … with five parameters per row: the statement text differs per batch size.</summary>
internal sealed class ValuesStrategy(NpgsqlDataSource dataSource) : IInsertStrategy
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "multi-row VALUES";

    public async Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("INSERT INTO task_event_archive (event_id, task_id, event_type, occurred_at, document) VALUES ");
        await using var command = dataSource.CreateCommand();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var p = i * 5;
            sql.Append(i == 0 ? "" : ",").Append($"(${p + 1},${p + 2},${p + 3},${p + 4},${p + 5})");
            command.Parameters.Add(new NpgsqlParameter { Value = e.EventId, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = e.TaskId, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = e.EventType, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = e.OccurredAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(e, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        }

        command.CommandText = sql.Append(" ON CONFLICT (event_id) DO NOTHING").ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Binary COPY into a temporary staging table, then INSERT ... SELECT ON CONFLICT DO NOTHING, in one transaction.</summary>
internal sealed class CopyStrategy(NpgsqlDataSource dataSource) : IInsertStrategy
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "binary COPY + INSERT SELECT";

    public async Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var stage = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS archive_stage (LIKE task_event_archive) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY archive_stage (event_id, task_id, event_type, occurred_at, document) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var e in events)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(e.EventId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(e.TaskId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(e.EventType, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(JsonSerializer.Serialize(e, Json), NpgsqlDbType.Jsonb, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO task_event_archive SELECT * FROM archive_stage ON CONFLICT (event_id) DO NOTHING", connection, transaction))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
