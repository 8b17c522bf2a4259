using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Observatory.EventArchive.Postgres;
using Observatory.Grains.Events;
using Observatory.Silo.Archive;
using Observatory.Testing;

namespace Observatory.EventArchive.Tests;

/// <summary>
/// The silo's archive writer between the real event feed and the real PostgreSQL archive: batching
/// by size and time (on a fake clock), a bounded buffer while PostgreSQL is unreachable (a closed
/// port, then a forwarder to the real server on that port), catch-up, and the health it reports.
/// </summary>
public sealed class EventArchiveWriterTests : IClassFixture<PostgresArchiveDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly PostgresArchiveDatabase _database;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TaskEventFeed _feed = new();

    public EventArchiveWriterTests(PostgresArchiveDatabase database)
    {
        _database = database;
    }

    [Fact]
    public async Task Writer_WhileTheArchiveIsDown_BuffersUpToItsBound_DropsTheOldest_ThenCatchesUp()
    {
        await TruncateAsync();
        var port = FreePort.Next();
        var unreachable = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 3 }.ConnectionString;
        await using var archive = new PostgresEventArchive(unreachable);
        var options = new EventArchiveWriterOptions { BatchSize = 10, BufferCapacity = 100, DegradedBacklog = 1_000, RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(4) };
        var (writer, health) = Create(archive, options);
        var task = Guid.CreateVersion7();
        var events = Enumerable.Range(0, 200).Select(i => FeedEvents.Started(task, Start.AddMilliseconds(i))).ToList();
        await writer.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The first ten fill a batch whose write fails: the writer holds it and backs off.
            events[..10].ForEach(_feed.Publish);
            await Eventually.ReturnsAsync(() => Task.FromResult(writer.Failures), f => f >= 1, TimeSpan.FromSeconds(10), "the first write to fail");
            events[10..].ForEach(_feed.Publish);

            Assert.Equal(90, writer.Dropped);
            Assert.Equal(110, writer.Backlog);
            var down = await health.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Degraded, down.Status);
            Assert.Contains("110 events buffered", down.Description, StringComparison.Ordinal);

            await using (TcpForwarder.Start(port, FeedEvents.PostgresEndpoint()))
            {
                await AdvanceUntilWrittenAsync(writer, 110, TimeSpan.FromSeconds(1), "the writer to catch up");
            }

            var up = await health.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Healthy, up.Status);
            Assert.Equal(0, writer.Backlog);
            var kept = events[..10].Concat(events[100..]).Select(e => e.Envelope.EventId).Reverse();
            Assert.Equal(kept, (await ReadArchivedAsync(task)).Select(e => e.EventId));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Writer_WritesABatchWhenItIsFull_AndAShortOneWhenTheIntervalIsUp()
    {
        await TruncateAsync();
        await using var archive = new PostgresEventArchive(_database.ConnectionString);
        var options = new EventArchiveWriterOptions { BatchSize = 10, BatchInterval = TimeSpan.FromMilliseconds(250), DegradedBacklog = 3 };
        var (writer, health) = Create(archive, options);
        var task = Guid.CreateVersion7();
        var events = Enumerable.Range(0, 25).Select(i => FeedEvents.Started(task, Start.AddMilliseconds(i))).ToList();
        await writer.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            events.ForEach(_feed.Publish);

            // The clock stands still: only full batches can be written.
            await Eventually.ReturnsAsync(() => Task.FromResult(writer.Written), w => w == 20, TimeSpan.FromSeconds(10), "two full batches");
            Assert.Equal(5, writer.Backlog);
            var waiting = await health.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Degraded, waiting.Status);
            Assert.Contains("5 events wait", waiting.Description, StringComparison.Ordinal);

            await AdvanceUntilWrittenAsync(writer, 25, TimeSpan.FromMilliseconds(50), "the short batch once its interval is up");

            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
            Assert.Equal(events.Select(e => e.Envelope.EventId).Reverse(), (await ReadArchivedAsync(task)).Select(e => e.EventId));
            Assert.Equal(0, writer.Failures);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Writer_OnStop_WritesTheEventsItStillHolds()
    {
        await TruncateAsync();
        await using var archive = new PostgresEventArchive(_database.ConnectionString);
        var (writer, _) = Create(archive, new EventArchiveWriterOptions { BatchSize = 100 });
        var task = Guid.CreateVersion7();
        var events = Enumerable.Range(0, 7).Select(i => FeedEvents.Started(task, Start.AddMilliseconds(i))).ToList();
        await writer.StartAsync(TestContext.Current.CancellationToken);

        // The batch is short and the clock stands still, so only the stop can write it.
        events.ForEach(_feed.Publish);
        await writer.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, writer.Written);
        Assert.Equal(events.Select(e => e.Envelope.EventId).Reverse(), (await ReadArchivedAsync(task)).Select(e => e.EventId));
    }

    private (EventArchiveWriter Writer, EventArchiveHealthCheck Health) Create(IEventArchive archive, EventArchiveWriterOptions options)
    {
        var writer = new EventArchiveWriter(_feed, archive, Options.Create(options), _time, NullLogger<EventArchiveWriter>.Instance);
        return (writer, new EventArchiveHealthCheck(writer, Options.Create(options)));
    }

    /// <summary>Moves the fake clock on by <paramref name="step"/> at every look until the writer has written <paramref name="count"/> events.</summary>
    private Task<long> AdvanceUntilWrittenAsync(EventArchiveWriter writer, long count, TimeSpan step, string what) =>
        Eventually.ReturnsAsync(
            () =>
            {
                _time.Advance(step);
                return Task.FromResult(writer.Written);
            },
            written => written == count,
            TimeSpan.FromSeconds(30),
            what);

    private async Task<IReadOnlyList<ArchivedEvent>> ReadArchivedAsync(Guid taskId)
    {
        await using var archive = new PostgresEventArchive(_database.ConnectionString);
        return (await archive.QueryAsync(new ArchivedEventQuery { TaskId = taskId, Limit = ArchivedEventQuery.MaxLimit }, TestContext.Current.CancellationToken)).Items;
    }

    private async Task TruncateAsync()
    {
        await using var connection = await _database.Database.OpenConnectionAsync();
        await using var truncate = new NpgsqlCommand("TRUNCATE task_event_archive", connection);
        await truncate.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
