using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Observatory.EventArchive.Postgres;
using Observatory.Silo.Archive;
using Observatory.Testing;

namespace Observatory.EventArchive.Tests;

/// <summary>The silo's retention sweep over the PostgreSQL archive, on a fake clock.</summary>
public sealed class PostgresArchiveRetentionTests : IClassFixture<PostgresArchiveDatabase>
{
    private readonly PostgresArchiveDatabase _database;

    public PostgresArchiveRetentionTests(PostgresArchiveDatabase database)
    {
        _database = database;
    }

    [Fact]
    public async Task Sweep_EveryInterval_DeletesWhatOutlivedTheRetention_InBoundedBatches()
    {
        var start = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var archive = new PostgresEventArchive(_database.ConnectionString);
        var task = Guid.CreateVersion7();
        var old = Enumerable.Range(0, 25).Select(i => ArchivedEvents.Create(task, start.AddDays(-2).AddSeconds(i))).ToList();
        var recent = Enumerable.Range(0, 5).Select(i => ArchivedEvents.Create(task, start.AddHours(-1).AddSeconds(i))).ToList();
        await archive.AppendAsync([.. old, .. recent], TestContext.Current.CancellationToken);
        var options = new EventArchiveOptions { Retention = TimeSpan.FromDays(1), RetentionSweepInterval = TimeSpan.FromMinutes(1), RetentionDeleteBatch = 10 };
        using var retention = new PostgresArchiveRetention(archive, Options.Create(options), time, NullLogger<PostgresArchiveRetention>.Instance);

        await retention.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The first sweep runs at start.
            await Eventually.ReturnsAsync(() => CountAsync(task), n => n == 5, TimeSpan.FromSeconds(10), "the expired events to be deleted");

            // A day on, the events that were an hour old have outlived the retention too: the next tick deletes them.
            time.Advance(TimeSpan.FromDays(1));
            await Eventually.ReturnsAsync(() => CountAsync(task), n => n == 0, TimeSpan.FromSeconds(10), "the next sweep");
        }
        finally
        {
            await retention.StopAsync(CancellationToken.None);
        }
    }

    private async Task<long> CountAsync(Guid task)
    {
        await using var connection = await _database.Database.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM task_event_archive WHERE task_id = $1", connection) { Parameters = { new() { Value = task } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
