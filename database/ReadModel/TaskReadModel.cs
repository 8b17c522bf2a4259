using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Observatory.Database.ReadModel;

/// <summary>
/// Reads tasks from the <c>task_*</c> columns of <c>orleans_storage</c> (migration 0004), which the
/// grain storage provider fills in the same statement that persists a task's state: lists,
/// counts and the scans the system runs to find work. Every query is served by an index: pages by
/// keyset (never OFFSET), counts from the <c>task_status_counts</c> aggregate (never COUNT(*)).
/// </summary>
/// <remarks>Thread-safe; register one per <see cref="NpgsqlDataSource"/>.</remarks>
public sealed class TaskReadModel
{
    /// <summary>Most ids <see cref="FindDueAsync"/> or <see cref="FindRunningAsync"/> return in one call.</summary>
    public const int MaxScanLimit = 1000;

    /// <summary>Every status a task can have, so counts list the empty ones as 0.</summary>
    private static readonly string[] KnownStatuses =
        ["queued", "scheduled", "running", "retrying", "succeeded", "failed", "dead-lettered", "cancelled"];

    private const string CountsSql =
        """
        SELECT status, sum(count)::bigint
        FROM task_status_counts
        WHERE service_id = $1
        GROUP BY status
        """;

    private const string DueSql =
        """
        SELECT task_id
        FROM orleans_storage
        WHERE task_due_at IS NOT NULL
          AND task_due_at <= $2
          AND service_id = $1
          AND task_id IS NOT NULL
        ORDER BY task_due_at
        LIMIT $3
        """;

    private const string RunningSql =
        """
        SELECT task_id, task_silo
        FROM orleans_storage
        WHERE task_id IS NOT NULL
          AND task_status = 'running'
          AND service_id = $1
        ORDER BY task_id DESC
        LIMIT $2
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the read model over the database that holds <c>orleans_storage</c>.</summary>
    public TaskReadModel(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>
    /// One page of tasks, newest first (by task id, i.e. submission time). Reads <c>Limit + 1</c>
    /// rows to learn whether another page follows, without counting.
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid (see <see cref="TaskQuery"/>).</exception>
    public async Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();

        await using var command = _dataSource.CreateCommand();
        BuildList(command, query);

        var items = new List<TaskSummary>(query.Limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new TaskSummary(
                    reader.GetGuid(0),
                    reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
                    reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
                    reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3),
                    reader.IsDBNull(4) ? 0 : reader.GetInt32(4),
                    reader.IsDBNull(5) ? default : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? default : reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        if (items.Count <= query.Limit)
        {
            return new TaskPage(items, NextCursor: null);
        }

        items.RemoveAt(items.Count - 1);
        return new TaskPage(items, items[^1].Id);
    }

    /// <summary>
    /// Tasks per status for the service, from the sharded counters the storage trigger keeps
    /// (constant time, whatever the number of tasks). Every known status is present, 0 when empty;
    /// a status this build does not know appears when it has tasks.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);

        var counts = KnownStatuses.ToDictionary(status => status, _ => 0L, StringComparer.Ordinal);
        await using var command = _dataSource.CreateCommand(CountsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt64(1);
            if (count != 0 || counts.ContainsKey(reader.GetString(0)))
            {
                counts[reader.GetString(0)] = count;
            }
        }

        return counts;
    }

    /// <summary>
    /// Ids of tasks whose due time (scheduled start, retry time) is at or before <paramref name="dueBefore"/>,
    /// the longest-due first. Running and finished tasks have no due time and never appear.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not 1..<see cref="MaxScanLimit"/>.</exception>
    public async Task<IReadOnlyList<Guid>> FindDueAsync(
        string serviceId, DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ValidateScanLimit(limit);

        await using var command = _dataSource.CreateCommand(DueSql);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = dueBefore.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>
    /// Running tasks with the silo running their current attempt (<c>SiloAddress.ToParsableString()</c>,
    /// null if the state did not record one), newest first: lets a silo find attempts whose silo is gone.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not 1..<see cref="MaxScanLimit"/>.</exception>
    public async Task<IReadOnlyList<(Guid Id, string? Silo)>> FindRunningAsync(
        string serviceId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ValidateScanLimit(limit);

        await using var command = _dataSource.CreateCommand(RunningSql);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var running = new List<(Guid Id, string? Silo)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            running.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return running;
    }

    /// <summary>Writes the list statement for <paramref name="query"/> into <paramref name="command"/> (internal so tests can EXPLAIN it).</summary>
    internal static void BuildList(NpgsqlCommand command, TaskQuery query)
    {
        // A tag page walks task_tag_index (service, tag, id) in id order and looks each task up; any
        // other page walks the task rows' own indexes. Either way the id conditions go on the table
        // that drives the order, so keyset paging stays an index range scan.
        var sql = new StringBuilder(
            """
            SELECT s.task_id, s.task_type, s.task_status, s.task_tags, s.task_attempt, s.task_submitted_at, s.task_updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = query.ServiceId, NpgsqlDbType = NpgsqlDbType.Text });
        string id;
        if (query.Tag is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = query.Tag, NpgsqlDbType = NpgsqlDbType.Text });
            sql.Append(
                """

                FROM task_tag_index t
                JOIN orleans_storage s ON s.task_id = t.task_id AND s.service_id = t.service_id
                WHERE t.service_id = $1
                  AND t.tag = $2
                  AND s.task_id IS NOT NULL
                """);
            id = "t.task_id";
        }
        else
        {
            sql.Append(
                """

                FROM orleans_storage s
                WHERE s.task_id IS NOT NULL
                  AND s.service_id = $1
                """);
            id = "s.task_id";
        }

        // Only the conditions in use are sent, each a fixed fragment with a parameter: the planner then
        // sees plain column conditions and picks the matching index (no "@x IS NULL OR ..." that a
        // generic plan could not use an index for).
        if (query.Status is not null)
        {
            AddCondition(command, sql, "s.task_status = ", query.Status, NpgsqlDbType.Text);
        }

        if (query.Type is not null)
        {
            AddCondition(command, sql, "s.task_type = ", query.Type, NpgsqlDbType.Text);
        }

        if (query.From is { } from)
        {
            AddCondition(command, sql, id + " >= ", TaskIdTime.LowerBound(from), NpgsqlDbType.Uuid);
        }

        if (query.To is { } to)
        {
            AddCondition(command, sql, id + " < ", TaskIdTime.LowerBound(to), NpgsqlDbType.Uuid);
        }

        if (query.Cursor is { } cursor)
        {
            AddCondition(command, sql, id + " < ", cursor, NpgsqlDbType.Uuid);
        }

        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        sql.Append("\nORDER BY ").Append(id).Append(" DESC\nLIMIT $").Append(command.Parameters.Count);
        command.CommandText = sql.ToString();
    }

    private static void AddCondition(NpgsqlCommand command, StringBuilder sql, string condition, object value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        sql.Append("\n  AND ").Append(condition).Append('$').Append(command.Parameters.Count);
    }

    private static void ValidateScanLimit(int limit, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(limit))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxScanLimit, name);
    }
}
