using Npgsql;
using Observatory.Database.ReadModel;
using Observatory.Database.Tests.Support;
using Observatory.Testing;

namespace Observatory.Database.Tests.ReadModel;

/// <summary>
/// TaskReadModel queries over tasks written with the WriteToStorageKey query text. Every test uses a
/// service id of its own, which the read model scopes every query to, so the tests share one database.
/// </summary>
public sealed class TaskReadModelTests(ReadModelDatabase database) : IClassFixture<ReadModelDatabase>
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TaskReadModel ReadModel => database.ReadModel;

    [Fact]
    public async Task List_WithoutFilter_ReturnsNewestFirstWithEveryField()
    {
        var service = NewService();
        var written = new List<TaskDocument>();
        for (var i = 0; i < 5; i++)
        {
            written.Add(await WriteAsync(service, NewTask(T0.AddMinutes(i), type: $"type{i}", tags: [$"t{i}", "all"], attempt: i)));
        }

        var page = await ReadModel.ListAsync(new TaskQuery(service), Cancel);

        Assert.Equal(written.Select(t => t.Id).Reverse(), page.Items.Select(t => t.Id));
        Assert.Null(page.NextCursor);
        var newest = page.Items[0];
        // Records compare the tag list by reference; the tags are compared on their own below.
        Assert.Equal(new TaskSummary(written[4].Id, "type4", "queued", newest.Tags, 4, T0.AddMinutes(4), T0.AddMinutes(4).AddSeconds(1)), newest);
        Assert.Equal(["t4", "all"], newest.Tags);
    }

    [Fact]
    public async Task List_WithStatusFilter_ReturnsOnlyThatStatusNewestFirst()
    {
        var service = NewService();
        var running = new List<Guid>();
        for (var i = 0; i < 9; i++)
        {
            var task = await WriteAsync(service, NewTask(T0.AddMinutes(i), status: i % 3 == 0 ? "running" : "queued"));
            if (task.Status == "running")
            {
                running.Add(task.Id);
            }
        }

        var page = await ReadModel.ListAsync(new TaskQuery(service, Status: "running"), Cancel);

        Assert.Equal(Enumerable.Reverse(running), page.Items.Select(t => t.Id));
        Assert.All(page.Items, t => Assert.Equal("running", t.Status));
    }

    [Fact]
    public async Task List_WithDeadLetteredStatus_MatchesThePersistedName()
    {
        var service = NewService();
        var task = await WriteAsync(service, NewTask(T0, status: "dead-lettered"));
        await WriteAsync(service, NewTask(T0.AddMinutes(1)));

        var page = await ReadModel.ListAsync(new TaskQuery(service, Status: "dead-lettered"), Cancel);

        Assert.Equal([task.Id], page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_WithTypeFilter_ReturnsOnlyThatType()
    {
        var service = NewService();
        var sleeps = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var task = await WriteAsync(service, NewTask(T0.AddMinutes(i), type: i % 2 == 0 ? "sleep" : "noop"));
            if (task.Type == "sleep")
            {
                sleeps.Add(task.Id);
            }
        }

        var page = await ReadModel.ListAsync(new TaskQuery(service, Type: "sleep"), Cancel);

        Assert.Equal(Enumerable.Reverse(sleeps), page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_WithTagFilter_ReturnsTasksCarryingTheTag()
    {
        var service = NewService();
        var a = await WriteAsync(service, NewTask(T0, tags: ["red", "blue"]));
        await WriteAsync(service, NewTask(T0.AddMinutes(1), tags: ["green"]));
        var c = await WriteAsync(service, NewTask(T0.AddMinutes(2), tags: ["blue"]));
        await WriteAsync(service, NewTask(T0.AddMinutes(3)));

        var page = await ReadModel.ListAsync(new TaskQuery(service, Tag: "blue"), Cancel);

        Assert.Equal([c.Id, a.Id], page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_WithEveryFilterCombined_AppliesAllOfThem()
    {
        var service = NewService();
        var match = await WriteAsync(service, NewTask(T0.AddMinutes(5), type: "cpu", status: "failed", tags: ["x"]));
        await WriteAsync(service, NewTask(T0.AddMinutes(6), type: "cpu", status: "failed", tags: ["y"]));
        await WriteAsync(service, NewTask(T0.AddMinutes(4), type: "noop", status: "failed", tags: ["x"]));
        await WriteAsync(service, NewTask(T0.AddMinutes(3), type: "cpu", status: "queued", tags: ["x"]));
        await WriteAsync(service, NewTask(T0.AddMinutes(20), type: "cpu", status: "failed", tags: ["x"]));

        var page = await ReadModel.ListAsync(
            new TaskQuery(service, Status: "failed", Type: "cpu", Tag: "x", From: T0, To: T0.AddMinutes(10)), Cancel);

        Assert.Equal([match.Id], page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_WithFromAndTo_ReturnsTasksSubmittedInTheHalfOpenRange()
    {
        var service = NewService();
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await WriteAsync(service, NewTask(T0.AddMinutes(i)))).Id);
        }

        var page = await ReadModel.ListAsync(new TaskQuery(service, From: T0.AddMinutes(3), To: T0.AddMinutes(6)), Cancel);
        var onlyFrom = await ReadModel.ListAsync(new TaskQuery(service, From: T0.AddMinutes(8)), Cancel);
        var onlyTo = await ReadModel.ListAsync(new TaskQuery(service, To: T0.AddMinutes(2)), Cancel);

        Assert.Equal([ids[5], ids[4], ids[3]], page.Items.Select(t => t.Id));
        Assert.Equal([ids[9], ids[8]], onlyFrom.Items.Select(t => t.Id));
        Assert.Equal([ids[1], ids[0]], onlyTo.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_FromInAnotherOffset_MeansTheSameInstant()
    {
        var service = NewService();
        var task = await WriteAsync(service, NewTask(T0));

        var page = await ReadModel.ListAsync(new TaskQuery(service, From: T0.ToOffset(TimeSpan.FromHours(-5)), To: T0.AddMilliseconds(1).ToOffset(TimeSpan.FromHours(9))), Cancel);

        Assert.Equal([task.Id], page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_PagesWithCursor_CoverEveryTaskOnceAndEndWithoutCursor()
    {
        var service = NewService();
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await WriteAsync(service, NewTask(T0.AddSeconds(i)))).Id);
        }

        var pages = await AllPagesAsync(new TaskQuery(service, Limit: 5));

        Assert.Equal(2, pages.Count);
        Assert.NotNull(pages[0].NextCursor);
        Assert.Null(pages[1].NextCursor);
        Assert.Equal(Enumerable.Reverse(ids), pages.SelectMany(p => p.Items).Select(t => t.Id));
    }

    [Fact]
    public async Task List_PagingWhileNewTasksAreInserted_HasNoDuplicatesAndNoGaps()
    {
        var service = NewService();
        var existing = new HashSet<Guid>();
        await using (var connection = await database.DataSource.OpenConnectionAsync(Cancel))
        {
            for (var i = 0; i < 300; i++)
            {
                var task = NewTask(T0.AddSeconds(i));
                await database.Rows.WriteAsync(connection, service, task);
                existing.Add(task.Id);
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var inserted = 0;
        var inserter = Task.Run(async () =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                // New submissions, newer than everything listed (as real UUIDv7 ids are), some in the same status.
                await database.Rows.WriteAsync(connection, service, NewTask(DateTimeOffset.UtcNow, status: inserted % 2 == 0 ? "queued" : "running"));
                inserted++;
            }
        }, Cancel);

        var listed = new List<Guid>();
        TaskPage page;
        Guid? cursor = null;
        var pages = 0;
        do
        {
            page = await ReadModel.ListAsync(new TaskQuery(service, Cursor: cursor, Limit: 7), Cancel);
            listed.AddRange(page.Items.Select(t => t.Id));
            cursor = page.NextCursor;
            pages++;
            if (pages == 2)
            {
                // Make sure the inserter really ran while pages were being read.
                await Eventually.ReturnsAsync(
                    () => Task.FromResult(Volatile.Read(ref inserted)), n => n > 20, TimeSpan.FromSeconds(30), "concurrent inserts");
            }
        }
        while (cursor is not null);
        await stop.CancelAsync();
        await inserter.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Subset(listed.ToHashSet(), existing);
        Assert.True(inserted > 20, $"only {inserted} tasks were inserted while paging");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    [InlineData(-1)]
    public async Task List_LimitOutsideOneTo200_Throws(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReadModel.ListAsync(new TaskQuery("s", Limit: limit), Cancel));
    }

    [Fact]
    public async Task List_InvalidArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ReadModel.ListAsync(new TaskQuery(" "), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadModel.ListAsync(new TaskQuery("s", Status: ""), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadModel.ListAsync(new TaskQuery("s", Tag: " "), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadModel.ListAsync(new TaskQuery("s", From: T0, To: T0.AddTicks(-1)), Cancel));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ReadModel.ListAsync(null!, Cancel));
    }

    [Fact]
    public async Task List_LimitOf200_ReturnsAFullPage()
    {
        var service = NewService();
        await database.InsertTasksAsync(service, 201);

        var page = await ReadModel.ListAsync(new TaskQuery(service, Limit: TaskQuery.MaxLimit), Cancel);
        var last = await ReadModel.ListAsync(new TaskQuery(service, Cursor: page.NextCursor, Limit: TaskQuery.MaxLimit), Cancel);

        Assert.Equal(200, page.Items.Count);
        Assert.Equal(page.Items[^1].Id, page.NextCursor);
        Assert.Single(last.Items);
        Assert.Null(last.NextCursor);
    }

    [Fact]
    public async Task CountByStatus_ListsEveryKnownStatus_ZeroWhenEmpty()
    {
        var service = NewService();
        await WriteAsync(service, NewTask(T0, status: "running"));
        await WriteAsync(service, NewTask(T0.AddSeconds(1), status: "running"));
        await WriteAsync(service, NewTask(T0.AddSeconds(2), status: "dead-lettered"));

        var counts = await ReadModel.CountByStatusAsync(service, Cancel);

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["queued"] = 0, ["scheduled"] = 0, ["running"] = 2, ["retrying"] = 0,
                ["succeeded"] = 0, ["failed"] = 0, ["dead-lettered"] = 1, ["cancelled"] = 0,
            },
            counts);
    }

    [Fact]
    public async Task CountByStatus_FollowsTransitions()
    {
        var service = NewService();
        var task = NewTask(T0);
        var etag = await database.Rows.WriteAsync(service, task);
        task.Status = "running";
        etag = await database.Rows.WriteAsync(service, task, etag);
        task.Status = "succeeded";
        await database.Rows.WriteAsync(service, task, etag);

        var counts = await ReadModel.CountByStatusAsync(service, Cancel);

        Assert.Equal(1, counts["succeeded"]);
        Assert.Equal(0, counts["queued"]);
        Assert.Equal(0, counts["running"]);
    }

    [Fact]
    public async Task CountByStatus_ManyConnectionsTogglingInOppositeDirections_NeverDeadlockAndStayExact()
    {
        // 32 connections > 16 shards, so some share counter rows; half move queued -> running while the
        // others move running -> queued, so without a fixed lock order two of them would deadlock.
        var service = NewService();
        const int connections = 32;
        const int toggles = 60;
        var tasks = new List<TaskDocument>();
        for (var c = 0; c < connections; c++)
        {
            tasks.Add(await WriteAsync(service, NewTask(T0.AddSeconds(c), status: c % 2 == 0 ? "queued" : "running")));
        }

        var start = new TaskCompletionSource();
        var work = tasks.Select(task => Task.Run(async () =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
            var etag = 1;
            await start.Task;
            for (var i = 0; i < toggles; i++)
            {
                task.Status = task.Status == "queued" ? "running" : "queued";
                etag = (await database.Rows.WriteAsync(connection, service, task, etag))!.Value;
            }
        }, Cancel)).ToList();
        start.SetResult();
        await Task.WhenAll(work);

        var counts = await ReadModel.CountByStatusAsync(service, Cancel);
        Assert.Equal(connections / 2, counts["queued"]);
        Assert.Equal(connections / 2, counts["running"]);
    }

    [Fact]
    public async Task FindDue_ReturnsTasksDueByTheTime_LongestDueFirst()
    {
        var service = NewService();
        var late = await WriteAsync(service, NewTask(T0, status: "retrying", dueAt: T0.AddMinutes(2)));
        var early = await WriteAsync(service, NewTask(T0.AddSeconds(1), status: "scheduled", dueAt: T0.AddMinutes(1)));
        await WriteAsync(service, NewTask(T0.AddSeconds(2), status: "scheduled", dueAt: T0.AddMinutes(10)));
        await WriteAsync(service, NewTask(T0.AddSeconds(3), status: "running", dueAt: null));
        var exactlyNow = await WriteAsync(service, NewTask(T0.AddSeconds(4), status: "queued", dueAt: T0.AddMinutes(5)));

        var due = await ReadModel.FindDueAsync(service, T0.AddMinutes(5), limit: 10, Cancel);
        var firstOnly = await ReadModel.FindDueAsync(service, T0.AddMinutes(5), limit: 1, Cancel);

        Assert.Equal([early.Id, late.Id, exactlyNow.Id], due);
        Assert.Equal([early.Id], firstOnly);
    }

    [Fact]
    public async Task FindRunning_ReturnsRunningTasksWithTheirSilo()
    {
        var service = NewService();
        var withSilo = await WriteAsync(service, NewTask(T0, status: "running", silo: "S10.0.0.1:11111:1"));
        var withoutSilo = await WriteAsync(service, NewTask(T0.AddSeconds(1), status: "running"));
        await WriteAsync(service, NewTask(T0.AddSeconds(2), status: "queued", silo: "S10.0.0.1:11111:1"));

        var running = await ReadModel.FindRunningAsync(service, limit: 10, Cancel);

        Assert.Equal([(withoutSilo.Id, (string?)null), (withSilo.Id, "S10.0.0.1:11111:1")], running);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TaskReadModel.MaxScanLimit + 1)]
    public async Task Scans_LimitOutOfRange_Throw(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReadModel.FindDueAsync("s", T0, limit, Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReadModel.FindRunningAsync("s", limit, Cancel));
    }

    [Fact]
    public async Task TaskIdLowerBound_SortsBetweenIdsOfTheMillisecondBeforeAndOf_TheMillisecond()
    {
        var bound = TaskIdTime.LowerBound(T0);
        await using var command = database.DataSource.CreateCommand("SELECT $1 < $2 AND $2 <= $3 AND $3 < $4");
        command.Parameters.Add(new NpgsqlParameter { Value = TaskRows.IdAt(T0.AddMilliseconds(-1)) });
        command.Parameters.Add(new NpgsqlParameter { Value = bound });
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(T0) });
        command.Parameters.Add(new NpgsqlParameter { Value = TaskIdTime.LowerBound(T0.AddMilliseconds(1)) });

        Assert.True((bool)(await command.ExecuteScalarAsync(Cancel))!);
        Assert.Equal($"{T0.ToUnixTimeMilliseconds():x12}00000000000000000000", bound.ToString("N"));
        Assert.Equal(Guid.Empty, TaskIdTime.LowerBound(DateTimeOffset.UnixEpoch.AddDays(-1)));
    }

    private static string NewService() => "svc-" + Guid.NewGuid().ToString("N");

    private static TaskDocument NewTask(
        DateTimeOffset submittedAt, string type = "noop", string status = "queued", string[]? tags = null, int attempt = 0,
        DateTimeOffset? dueAt = null, string? silo = null) => new()
        {
            Id = TaskRows.IdAt(submittedAt),
            Type = type,
            Status = status,
            Tags = [.. tags ?? []],
            Attempt = attempt,
            SubmittedAt = submittedAt,
            UpdatedAt = submittedAt.AddSeconds(1),
            DueAt = dueAt,
            SiloAddress = silo,
        };

    private async Task<TaskDocument> WriteAsync(string service, TaskDocument task)
    {
        Assert.Equal(1, await database.Rows.WriteAsync(service, task));
        return task;
    }

    private async Task<List<TaskPage>> AllPagesAsync(TaskQuery query)
    {
        var pages = new List<TaskPage>();
        Guid? cursor = null;
        do
        {
            var page = await ReadModel.ListAsync(query with { Cursor = cursor }, Cancel);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return pages;
    }
}
