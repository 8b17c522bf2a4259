using Npgsql;

namespace Observatory.LoadTest.Completion;

/// <summary>
/// Reads task outcomes from the read-model columns on orleans_storage (migration 0004): the row a
/// grain wrote when it persisted the state, so "succeeded" means succeeded and durable, and
/// task_updated_at is when that happened.
/// </summary>
internal sealed class PgCompletionTracker : ICompletionTracker
{
    private const int Chunk = 5_000;

    private static readonly string[] RequiredColumns = ["task_id", "task_status", "task_submitted_at", "task_updated_at"];

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    private PgCompletionTracker(NpgsqlDataSource dataSource, string serviceId)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
    }

    public string Source => "postgres read model (orleans_storage.task_*)";

    /// <summary>The tracker, or null and the reason when PostgreSQL or the read-model columns are not there.</summary>
    public static async Task<(PgCompletionTracker? Tracker, string? Problem)> TryCreateAsync(string connectionString, string serviceId, CancellationToken ct)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var cmd = dataSource.CreateCommand(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'orleans_storage' AND table_schema = ANY(current_schemas(false))");
            var present = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    present.Add(reader.GetString(0));
                }
            }

            var missing = RequiredColumns.Where(c => !present.Contains(c)).ToList();
            if (missing.Count == 0)
            {
                return (new PgCompletionTracker(dataSource, serviceId), null);
            }

            await dataSource.DisposeAsync();
            return (null, present.Count == 0
                ? "table orleans_storage not found"
                : $"orleans_storage has no read-model column(s) {string.Join(", ", missing)} (migration 0004_task_read_model not applied)");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            return (null, $"PostgreSQL not usable: {e.Message}");
        }
    }

    public async Task<IReadOnlyDictionary<Guid, TaskOutcome>> WaitForTerminalAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout, CancellationToken ct)
    {
        var outcomes = new Dictionary<Guid, TaskOutcome>(ids.Count);
        var pending = new HashSet<Guid>(ids);
        var progress = new DrainProgress(ids.Count);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            foreach (var chunk in pending.Chunk(Chunk).ToList())
            {
                await ReadAsync(chunk, outcomes, ct);
            }

            pending.RemoveWhere(id => outcomes.TryGetValue(id, out var o) && o.IsTerminal);
            progress.Report(pending.Count);
            if (pending.Count == 0 || DateTimeOffset.UtcNow >= deadline)
            {
                return outcomes;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task ReadAsync(Guid[] ids, Dictionary<Guid, TaskOutcome> outcomes, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
            SELECT task_id, task_status, task_submitted_at, task_updated_at
            FROM orleans_storage
            WHERE service_id = $1 AND grain_type = 'task' AND task_id = ANY($2)
            """);
        cmd.Parameters.AddWithValue(_serviceId);
        cmd.Parameters.AddWithValue(ids);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            outcomes[reader.GetGuid(0)] = new TaskOutcome(
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3));
        }
    }
}
