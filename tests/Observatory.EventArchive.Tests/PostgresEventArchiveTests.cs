using Npgsql;
using Observatory.EventArchive.Postgres;

namespace Observatory.EventArchive.Tests;

/// <summary>The archive contract against PostgreSQL (table task_event_archive, migration 0006) in a test database of its own.</summary>
public sealed class PostgresEventArchiveTests : EventArchiveContract, IClassFixture<PostgresArchiveDatabase>, IAsyncDisposable
{
    private readonly PostgresArchiveDatabase _database;
    private PostgresEventArchive? _archive;

    public PostgresEventArchiveTests(PostgresArchiveDatabase database)
    {
        _database = database;
    }

    protected override async Task<IEventArchive> OpenArchiveAsync(TimeSpan? retention = null)
    {
        await using (var connection = await _database.Database.OpenConnectionAsync())
        await using (var truncate = new NpgsqlCommand("TRUNCATE task_event_archive", connection))
        {
            await truncate.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        _archive = new PostgresEventArchive(_database.ConnectionString);
        return _archive;
    }

    protected override async Task ExpireAsync(IEventArchive archive, TimeSpan retention, DateTimeOffset now)
    {
        // Bounded deletes, as the retention sweep runs them: batches of 7 until one comes back short.
        var postgres = Assert.IsType<PostgresEventArchive>(archive);
        var batches = 0;
        while (await postgres.RemoveExpiredAsync(now - retention, 7, TestContext.Current.CancellationToken) == 7)
        {
            batches++;
        }

        Assert.Equal(4, batches);
    }

    [Fact]
    public async Task Query_EachShape_IsAnIndexScanInPageOrder()
    {
        await OpenArchiveAsync();
        var cursor = new ArchiveCursor(DateTimeOffset.UtcNow, Guid.CreateVersion7());
        ArchivedEventQuery[] queries =
        [
            new() { Limit = 50 },
            new() { TaskId = Guid.CreateVersion7(), Before = cursor },
            new() { EventType = "task.started", Before = cursor },
        ];
        string[] indexes = ["task_event_archive_occurred_at_idx", "task_event_archive_task_idx", "task_event_archive_type_idx"];

        await using var connection = await _database.Database.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET enable_sort = off", connection))
        {
            // An empty table makes any plan cheap; forbidding sorts and sequential scans shows whether an index delivers page order.
            await off.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < queries.Length; i++)
        {
            await using var explain = connection.CreateCommand();
            PostgresEventArchive.BuildQuery(explain, queries[i]);
            explain.CommandText = "EXPLAIN " + explain.CommandText;
            var plan = string.Join('\n', await ReadAllAsync(explain));

            Assert.Contains(indexes[i], plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_archive is not null)
        {
            await _archive.DisposeAsync();
        }
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
