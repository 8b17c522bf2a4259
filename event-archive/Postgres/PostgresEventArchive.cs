using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Observatory.EventArchive.Postgres;

/// <summary>
/// The archive in PostgreSQL: table <c>task_event_archive</c> (migration 0006), one row per event
/// with the columns the queries filter and sort by and the document as <c>jsonb</c>. A batch is
/// one <c>INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING</c>: one round trip and one
/// statement text whatever the batch size, so it is prepared once.
/// </summary>
/// <remarks>Thread-safe. Owns its data source.</remarks>
public sealed class PostgresEventArchive : IEventArchive, IAsyncDisposable, IDisposable
{
    private const string InsertSql =
        """
        INSERT INTO task_event_archive (event_id, task_id, event_type, occurred_at, document)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::jsonb[])
        ON CONFLICT (event_id) DO NOTHING
        """;

    // SKIP LOCKED: every silo sweeps, and two sweeps at once split the work instead of queueing.
    private const string DeleteExpiredSql =
        """
        DELETE FROM task_event_archive
        WHERE event_id IN (
            SELECT event_id FROM task_event_archive
            WHERE occurred_at < $1
            ORDER BY occurred_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        """;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresEventArchive(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Backend => "postgres";

    public async Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var ids = new Guid[events.Count];
        var taskIds = new Guid[events.Count];
        var types = new string[events.Count];
        var times = new DateTime[events.Count];
        var documents = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            ids[i] = e.EventId;
            taskIds[i] = e.TaskId;
            types[i] = e.EventType;
            times[i] = e.OccurredAt.UtcDateTime;
            documents[i] = JsonSerializer.Serialize(e, ArchivedEventJson.Default.ArchivedEvent);
        }

        await using var command = _dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = taskIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = documents, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await ExecuteAsync(() => command.ExecuteNonQueryAsync(cancellationToken), "append to");
    }

    public async Task<ArchivedEventPage> QueryAsync(ArchivedEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();

        await using var command = _dataSource.CreateCommand();
        BuildQuery(command, query);
        return await ExecuteAsync(
            async () =>
            {
                var rows = new List<ArchivedEvent>(query.Limit + 1);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(JsonSerializer.Deserialize(reader.GetString(0), ArchivedEventJson.Default.ArchivedEvent)
                        ?? throw new JsonException("An archived event document is JSON null."));
                }

                return ArchivedEventPage.FromRows(rows, query.Limit);
            },
            "query");
    }

    /// <summary>
    /// Deletes up to <paramref name="maxEvents"/> of the oldest events that occurred before
    /// <paramref name="cutoff"/>; returns how many it deleted (fewer than the maximum: none are left).
    /// </summary>
    public async Task<int> RemoveExpiredAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        await using var command = _dataSource.CreateCommand(DeleteExpiredSql);
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = maxEvents, NpgsqlDbType = NpgsqlDbType.Integer });
        return await ExecuteAsync(() => command.ExecuteNonQueryAsync(cancellationToken), "delete expired events from");
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    /// <summary>Writes the page query into <paramref name="command"/> (internal so tests can EXPLAIN it).</summary>
    internal static void BuildQuery(NpgsqlCommand command, ArchivedEventQuery query)
    {
        // Only the conditions in use are sent, so the planner sees plain column conditions and walks
        // the matching (…, occurred_at DESC, event_id DESC) index; the row comparison keeps keyset
        // paging an index range scan.
        var sql = new StringBuilder("SELECT document FROM task_event_archive WHERE true");
        if (query.TaskId is { } taskId)
        {
            AddCondition(command, sql, "task_id = ", taskId, NpgsqlDbType.Uuid);
        }

        if (query.EventType is { } eventType)
        {
            AddCondition(command, sql, "event_type = ", eventType, NpgsqlDbType.Text);
        }

        if (query.Before is { } before)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = before.OccurredAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = before.EventId, NpgsqlDbType = NpgsqlDbType.Uuid });
            sql.Append(" AND (occurred_at, event_id) < ($").Append(command.Parameters.Count - 1).Append(", $").Append(command.Parameters.Count).Append(')');
        }

        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        sql.Append(" ORDER BY occurred_at DESC, event_id DESC LIMIT $").Append(command.Parameters.Count);
        command.CommandText = sql.ToString();
    }

    private static void AddCondition(NpgsqlCommand command, StringBuilder sql, string condition, object value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        sql.Append(" AND ").Append(condition).Append('$').Append(command.Parameters.Count);
    }

    private static async Task<T> ExecuteAsync<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new EventArchiveUnavailableException($"PostgreSQL did not {what} the event archive: {exception.Message}", exception);
        }
    }
}
