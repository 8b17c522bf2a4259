namespace Observatory.EventArchive.Tests;

/// <summary>
/// What every archive backend must do, run against each real backend by a subclass: order, keyset
/// paging, filters, idempotent appends, empty results, limits and retention.
/// </summary>
public abstract class EventArchiveContract
{
    /// <summary>An empty archive on the backend under test (with <paramref name="retention"/> where the backend enforces it itself).</summary>
    protected abstract Task<IEventArchive> OpenArchiveAsync(TimeSpan? retention = null);

    /// <summary>Lets the backend apply <paramref name="retention"/> at <paramref name="now"/>, returning once it has.</summary>
    protected abstract Task ExpireAsync(IEventArchive archive, TimeSpan retention, DateTimeOffset now);

    [Fact]
    public async Task Query_ReturnsEventsNewestFirst()
    {
        var archive = await OpenArchiveAsync();
        var taskA = Guid.CreateVersion7();
        var taskB = Guid.CreateVersion7();
        var events = Enumerable.Range(0, 12)
            .Select(i => ArchivedEvents.Create(i % 2 == 0 ? taskA : taskB, ArchivedEvents.Start.AddSeconds(i)))
            .ToList();

        // Appended out of order, in two batches: the order comes from the archive, not the insertion.
        await archive.AppendAsync([.. events.Where((_, i) => i % 3 == 0)], TestContext.Current.CancellationToken);
        await archive.AppendAsync([.. events.Where((_, i) => i % 3 != 0).Reverse()], TestContext.Current.CancellationToken);
        var page = await archive.QueryAsync(new ArchivedEventQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(ArchivedEvents.NewestFirst(events), page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Query_PagingWithCursors_AcrossEqualTimestamps_NeitherRepeatsNorSkips()
    {
        var archive = await OpenArchiveAsync();
        var task = Guid.CreateVersion7();

        // Five events per timestamp, pages of three: page boundaries fall inside groups of equal times.
        var events = Enumerable.Range(0, 25).Select(i => ArchivedEvents.Create(task, ArchivedEvents.Start.AddMilliseconds(i / 5))).ToList();
        await archive.AppendAsync(events, TestContext.Current.CancellationToken);

        var read = new List<ArchivedEvent>();
        var pages = 0;
        ArchiveCursor? cursor = null;
        do
        {
            var page = await archive.QueryAsync(new ArchivedEventQuery { TaskId = task, Before = cursor, Limit = 3 }, TestContext.Current.CancellationToken);
            Assert.InRange(page.Items.Count, 1, 3);
            read.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(ArchivedEvents.NewestFirst(events), read);
        Assert.Equal(9, pages);
    }

    [Fact]
    public async Task Query_CursorFromAnEncodedString_ContinuesWhereThePageEnded()
    {
        var archive = await OpenArchiveAsync();
        var task = Guid.CreateVersion7();
        var events = Enumerable.Range(0, 4).Select(i => ArchivedEvents.Create(task, ArchivedEvents.Start.AddMilliseconds(i))).ToList();
        await archive.AppendAsync(events, TestContext.Current.CancellationToken);

        var first = await archive.QueryAsync(new ArchivedEventQuery { Limit = 2 }, TestContext.Current.CancellationToken);
        Assert.True(ArchiveCursor.TryDecode(first.NextCursor!.Value.Encode(), out var decoded));
        var second = await archive.QueryAsync(new ArchivedEventQuery { Limit = 2, Before = decoded }, TestContext.Current.CancellationToken);

        Assert.Equal(ArchivedEvents.NewestFirst(events), [.. first.Items, .. second.Items]);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Query_FiltersByTaskAndByEventType()
    {
        var archive = await OpenArchiveAsync();
        var taskA = Guid.CreateVersion7();
        var taskB = Guid.CreateVersion7();
        string[] types = ["task.submitted", "task.started", "task.succeeded"];
        var events = Enumerable.Range(0, 12)
            .Select(i => ArchivedEvents.Create(i < 6 ? taskA : taskB, ArchivedEvents.Start.AddSeconds(i), types[i % 3]))
            .ToList();
        await archive.AppendAsync(events, TestContext.Current.CancellationToken);

        var ofA = await archive.QueryAsync(new ArchivedEventQuery { TaskId = taskA }, TestContext.Current.CancellationToken);
        var started = await archive.QueryAsync(new ArchivedEventQuery { EventType = "task.started" }, TestContext.Current.CancellationToken);
        var startedOfB = await archive.QueryAsync(new ArchivedEventQuery { TaskId = taskB, EventType = "task.started" }, TestContext.Current.CancellationToken);

        Assert.Equal(ArchivedEvents.NewestFirst(events.Where(e => e.TaskId == taskA)), ofA.Items);
        Assert.Equal(ArchivedEvents.NewestFirst(events.Where(e => e.EventType == "task.started")), started.Items);
        Assert.Equal(ArchivedEvents.NewestFirst(events.Where(e => e.TaskId == taskB && e.EventType == "task.started")), startedOfB.Items);
        Assert.Equal(2, startedOfB.Items.Count);
    }

    [Fact]
    public async Task Append_TheSameEventsAgain_StoresEachOnceAndKeepsTheFirst()
    {
        var archive = await OpenArchiveAsync();
        var task = Guid.CreateVersion7();
        var events = Enumerable.Range(0, 500).Select(i => ArchivedEvents.Create(task, ArchivedEvents.Start.AddMilliseconds(i))).ToList();
        await archive.AppendAsync(events[..300], TestContext.Current.CancellationToken);

        // A retried batch overlaps what was stored, and carries a duplicate within itself.
        var changed = events[0] with { Summary = "a redelivery must not overwrite the archived event" };
        await archive.AppendAsync([changed, .. events[200..], events[499]], TestContext.Current.CancellationToken);
        var page = await archive.QueryAsync(new ArchivedEventQuery { TaskId = task, Limit = ArchivedEventQuery.MaxLimit }, TestContext.Current.CancellationToken);

        Assert.Equal(ArchivedEvents.NewestFirst(events), page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Append_RoundTripsEveryField()
    {
        var archive = await OpenArchiveAsync();
        var submitted = new ArchivedEvent(
            Guid.CreateVersion7(), Guid.CreateVersion7(), "sleep", "task.submitted", ArchivedEvents.Start, 0, Silo: null, "ümlaut-😀", Summary: null);
        var failed = new ArchivedEvent(
            Guid.CreateVersion7(), submitted.TaskId, "sleep", "task.attempt-failed", ArchivedEvents.Start.AddMilliseconds(1), 3, "S10.0.0.7:11111:42",
            "c", "{\"error\":{\"message\":\"ümlaut \\\"quoted\\\" 😀\"}}");

        await archive.AppendAsync([submitted, failed], TestContext.Current.CancellationToken);
        var page = await archive.QueryAsync(new ArchivedEventQuery { TaskId = submitted.TaskId }, TestContext.Current.CancellationToken);

        Assert.Equal([failed, submitted], page.Items);
        Assert.All(page.Items, e => Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset));
    }

    [Fact]
    public async Task Query_NothingMatches_ReturnsAnEmptyPageWithoutCursor()
    {
        var archive = await OpenArchiveAsync();
        await archive.AppendAsync([ArchivedEvents.Create(Guid.CreateVersion7(), ArchivedEvents.Start)], TestContext.Current.CancellationToken);

        var otherTask = await archive.QueryAsync(new ArchivedEventQuery { TaskId = Guid.CreateVersion7() }, TestContext.Current.CancellationToken);
        var otherType = await archive.QueryAsync(new ArchivedEventQuery { EventType = "task.cancelled" }, TestContext.Current.CancellationToken);
        var beforeEverything = await archive.QueryAsync(
            new ArchivedEventQuery { Before = new ArchiveCursor(ArchivedEvents.Start, Guid.Empty) }, TestContext.Current.CancellationToken);

        Assert.All([otherTask, otherType, beforeEverything], page =>
        {
            Assert.NotNull(page.Items);
            Assert.Empty(page.Items);
            Assert.Null(page.NextCursor);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ArchivedEventQuery.MaxLimit + 1)]
    public async Task Query_LimitOutsideOneToMax_IsRejected(int limit)
    {
        var archive = await OpenArchiveAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => archive.QueryAsync(new ArchivedEventQuery { Limit = limit }, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ArchivedEventQuery.MaxLimit)]
    public async Task Query_LimitAtItsBounds_ReturnsAtMostThatMany(int limit)
    {
        var archive = await OpenArchiveAsync();
        var task = Guid.CreateVersion7();
        var events = Enumerable.Range(0, ArchivedEventQuery.MaxLimit + 1).Select(i => ArchivedEvents.Create(task, ArchivedEvents.Start.AddMilliseconds(i))).ToList();
        await archive.AppendAsync(events, TestContext.Current.CancellationToken);

        var page = await archive.QueryAsync(new ArchivedEventQuery { TaskId = task, Limit = limit }, TestContext.Current.CancellationToken);

        Assert.Equal(ArchivedEvents.NewestFirst(events).Take(limit), page.Items);
        Assert.NotNull(page.NextCursor);
    }

    [Fact]
    public async Task Retention_RemovesEventsOlderThanTheRetentionOnly()
    {
        var retention = TimeSpan.FromDays(1);
        var archive = await OpenArchiveAsync(retention);
        var now = DateTimeOffset.UtcNow;
        var task = Guid.CreateVersion7();
        var expired = Enumerable.Range(0, 30).Select(i => ArchivedEvents.Create(task, Whole(now - retention - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(i)))).ToList();

        // Kept events lie ahead of the clock, so a backend whose server expires documents on its own clock keeps them too.
        var kept = Enumerable.Range(0, 5).Select(i => ArchivedEvents.Create(task, Whole(now + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(i)))).ToList();
        await archive.AppendAsync([.. expired, .. kept], TestContext.Current.CancellationToken);

        await ExpireAsync(archive, retention, now);
        var page = await archive.QueryAsync(new ArchivedEventQuery { TaskId = task }, TestContext.Current.CancellationToken);

        Assert.Equal(ArchivedEvents.NewestFirst(kept), page.Items);
    }

    private static DateTimeOffset Whole(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
