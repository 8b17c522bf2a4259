using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Observatory.ArchiveBench;
using Observatory.Database;
using Observatory.EventArchive;
using Observatory.EventArchive.Postgres;

// Usage: Observatory.ArchiveBench [events per run] [admin connection string]
// Creates a database of its own, migrates it, and for each insert strategy and batch size appends
// fresh events (7 per task, like a retried task's lifecycle) from one writer, as a silo's archive
// writer does, then re-appends the last run (every row a conflict) and times page queries.
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var admin = args.Length > 1 ? args[1] : "Host=127.0.0.1;Port=5432;Database=observatory;Username=observatory;Password=observatory";
var databaseName = $"obs_archive_bench_{Guid.NewGuid():N}";
await ExecuteAsync(admin, $"CREATE DATABASE \"{databaseName}\"");
try
{
    // The silo's archive connection: the hot-path settings (auto-prepare, no reset on close).
    var connectionString = new NpgsqlConnectionStringBuilder(admin)
    {
        Database = databaseName,
        MaxAutoPrepare = 32,
        AutoPrepareMinUsages = 2,
        NoResetOnClose = true,
    }.ConnectionString;
    await new PostgresMigrator().MigrateAsync(connectionString);
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    await using var archive = new PostgresEventArchive(connectionString);
    IInsertStrategy[] strategies = [new UnnestStrategy(archive), new ValuesStrategy(dataSource), new CopyStrategy(dataSource)];

    Console.WriteLine($"PostgreSQL archive append, one writer, {events:N0} events per run (batch size 1: 5,000), table truncated before each run");
    Console.WriteLine();
    Console.WriteLine("| strategy | batch | events/s | batch p50 ms | batch p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    List<ArchivedEvent> last = [];
    foreach (var strategy in strategies)
    {
        foreach (var batchSize in (int[])[1, 100, 500, 1000])
        {
            await ExecuteAsync(connectionString, "TRUNCATE task_event_archive");
            last = Generate(batchSize == 1 ? 5_000 : events);
            var (rate, p50, p99) = await AppendAllAsync(strategy, last, batchSize);
            Console.WriteLine($"| {strategy.Name} | {batchSize} | {rate:N0} | {p50:F2} | {p99:F2} |");
        }
    }

    // The rows are there already: what a writer retrying after an ambiguous failure costs.
    var (replayRate, _, _) = await AppendAllAsync(strategies[0], last, 500);
    Console.WriteLine();
    Console.WriteLine($"Re-append of {last.Count:N0} archived events (all conflicts), unnest, batch 500: {replayRate:N0} events/s");

    // Queries over the last run's table, as the gateway sends them.
    await ExecuteAsync(connectionString, "VACUUM ANALYZE task_event_archive");
    var sample = last[last.Count / 2];
    await TimeQueriesAsync(archive, "newest 50", new ArchivedEventQuery());
    await TimeQueriesAsync(archive, "one task", new ArchivedEventQuery { TaskId = sample.TaskId });
    await TimeQueriesAsync(archive, "eventType=task.dead-lettered", new ArchivedEventQuery { EventType = "task.dead-lettered" });
    await TimeQueriesAsync(archive, "50 from mid-table (cursor)", new ArchivedEventQuery { Before = ArchiveCursor.After(sample) });
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)");
}

static List<ArchivedEvent> Generate(int count)
{
    string[] lifecycle = ["task.submitted", "task.started", "task.attempt-failed", "task.retry-scheduled", "task.started", "task.attempt-failed", "task.dead-lettered"];
    var start = DateTimeOffset.UtcNow.AddHours(-1);
    var list = new List<ArchivedEvent>(count);
    var task = Guid.Empty;
    for (var i = 0; i < count; i++)
    {
        if (i % lifecycle.Length == 0)
        {
            task = Guid.CreateVersion7(start.AddMilliseconds(i));
        }

        var at = start.AddTicks(i * 10L);
        list.Add(new ArchivedEvent(
            Guid.CreateVersion7(at), task, "simulate", lifecycle[i % lifecycle.Length], at, (i % lifecycle.Length + 1) / 3,
            i % lifecycle.Length == 0 ? null : "127.0.0.1:11111@154827059", task.ToString(),
            "{\"silo\":\"127.0.0.1:11111@154827059\",\"error\":{\"type\":\"SimulatedTaskFailureException\",\"message\":\"Simulated failure\"}}"));
    }

    return list;
}

static async Task<(double Rate, double P50, double P99)> AppendAllAsync(IInsertStrategy strategy, List<ArchivedEvent> events, int batchSize)
{
    var latencies = new List<double>(events.Count / batchSize + 1);
    var total = Stopwatch.StartNew();
    for (var offset = 0; offset < events.Count; offset += batchSize)
    {
        var batch = events.GetRange(offset, Math.Min(batchSize, events.Count - offset));
        var started = Stopwatch.GetTimestamp();
        await strategy.AppendAsync(batch, CancellationToken.None);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    total.Stop();
    latencies.Sort();
    return (events.Count / total.Elapsed.TotalSeconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
}

static async Task TimeQueriesAsync(IEventArchive archive, string name, ArchivedEventQuery query)
{
    var latencies = new List<double>();
    for (var i = 0; i < 200; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await archive.QueryAsync(query, CancellationToken.None);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    latencies.Sort();
    Console.WriteLine($"Query {name}: p50 {latencies[100]:F2} ms, p99 {latencies[198]:F2} ms");
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}
