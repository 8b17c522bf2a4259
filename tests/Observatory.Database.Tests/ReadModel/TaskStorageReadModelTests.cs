using Npgsql;
using Observatory.Database.Tests.Support;
using Orleans.Storage;

namespace Observatory.Database.Tests.ReadModel;

/// <summary>
/// The task_* columns and the status counts as the real AdoNetGrainStorage provider leaves them:
/// every write, clear and delete goes through the provider and the 0004 query texts.
/// Tests in a class run one after another, so whole-service counts can be compared with the rows.
/// </summary>
public sealed class TaskStorageReadModelTests(TaskStorageSilo silo) : IClassFixture<TaskStorageSilo>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IGrainStorage Keep => silo.Storage(TaskStorageSilo.KeepOnClear);

    private IGrainStorage Delete => silo.Storage(TaskStorageSilo.DeleteOnClear);

    [Fact]
    public async Task Write_TaskState_FillsEveryReadModelColumnFromThePayload()
    {
        var task = TaskDocument.Queued("sleep", "blue", "urgent");
        task.Status = "running";
        task.Attempt = 2;
        task.SubmittedAt = new DateTimeOffset(2025, 3, 1, 10, 0, 0, 123, TimeSpan.FromHours(2));
        task.UpdatedAt = task.SubmittedAt.AddSeconds(5);
        task.DueAt = task.SubmittedAt.AddMinutes(1);
        task.SiloAddress = "S10.0.0.1:11111:123456789";

        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), new GrainState<TaskDocument>(task));

        var row = await ReadColumnsAsync(task.Id);
        Assert.NotNull(row);
        Assert.Equal(task.Id, row.Value.Id);
        Assert.Equal("sleep", row.Value.Type);
        Assert.Equal("running", row.Value.Status);
        Assert.Equal(["blue", "urgent"], row.Value.Tags);
        Assert.Equal(2, row.Value.Attempt);
        Assert.Equal(task.SubmittedAt, row.Value.SubmittedAt);
        Assert.Equal(task.UpdatedAt, row.Value.UpdatedAt);
        Assert.Equal(task.DueAt, row.Value.DueAt);
        Assert.Equal(task.SiloAddress, row.Value.Silo);
    }

    [Fact]
    public async Task Write_AgainWithTheETag_UpdatesTheColumns()
    {
        var task = TaskDocument.Queued();
        var state = new GrainState<TaskDocument>(task);
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);

        task.Status = "succeeded";
        task.Attempt = 1;
        task.DueAt = null;
        task.Tags = [];
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);

        var row = await ReadColumnsAsync(task.Id);
        Assert.Equal("2", state.ETag);
        Assert.Equal("succeeded", row!.Value.Status);
        Assert.Equal(1, row.Value.Attempt);
        Assert.Null(row.Value.DueAt);
        Assert.Empty(row.Value.Tags);
    }

    [Fact]
    public async Task Write_WithAStaleETag_ThrowsAndLeavesColumnsAndCountsAsTheWinnerWroteThem()
    {
        var task = TaskDocument.Queued();
        var winner = new GrainState<TaskDocument>(task);
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), winner);
        var stale = new GrainState<TaskDocument>(new TaskDocument());
        await Keep.ReadStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), stale);
        task.Status = "running";
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), winner);
        var before = await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel);

        stale.State!.Status = "cancelled";
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), stale));

        Assert.Equal("running", (await ReadColumnsAsync(task.Id))!.Value.Status);
        Assert.Equal(before, await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel));
    }

    [Fact]
    public async Task Write_OtherStateName_LeavesTheTaskColumnsNull()
    {
        // Same JSON shape, but not the task state: other grains' rows never enter the read model.
        var task = TaskDocument.Queued();

        await Keep.WriteStateAsync("not-a-task", GrainOf(task), new GrainState<TaskDocument>(task));

        Assert.Null(await ReadColumnsAsync(task.Id, "not-a-task"));
        Assert.Equal(1, await ScalarAsync<long>(
            "SELECT count(*) FROM orleans_storage WHERE grain_type = 'not-a-task' AND task_id IS NULL AND task_type IS NULL AND task_status IS NULL AND task_tags IS NULL AND task_attempt IS NULL AND task_submitted_at IS NULL AND task_updated_at IS NULL AND task_due_at IS NULL AND task_silo IS NULL"));
    }

    [Fact]
    public async Task Clear_Task_NullsTheColumnsAndDecrementsItsStatus()
    {
        var task = TaskDocument.Queued();
        task.Status = "failed";
        var state = new GrainState<TaskDocument>(task);
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);
        var before = await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel);

        await Keep.ClearStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);

        Assert.Null(await ReadColumnsAsync(task.Id));
        Assert.Equal(1, await ScalarAsync<long>($"SELECT count(*) FROM orleans_storage WHERE grain_type = 'task' AND payload IS NULL AND version = 2 AND grain_id_n0 = {N0(task)}"));
        var after = await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel);
        Assert.Equal(before["failed"] - 1, after["failed"]);
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task Delete_Task_RemovesTheRowAndDecrementsItsStatus()
    {
        var task = TaskDocument.Queued();
        task.Status = "cancelled";
        var state = new GrainState<TaskDocument>(task);
        await Delete.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);
        var before = await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel);

        await Delete.ClearStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);

        Assert.Null(state.ETag);
        Assert.Equal(0, await ScalarAsync<long>($"SELECT count(*) FROM orleans_storage WHERE grain_id_n0 = {N0(task)}"));
        var after = await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel);
        Assert.Equal(before["cancelled"] - 1, after["cancelled"]);
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task Write_AfterClear_PutsTheTaskBackIntoListAndCounts()
    {
        var task = TaskDocument.Queued();
        var state = new GrainState<TaskDocument>(task);
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);
        await Keep.ClearStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);

        state.State = task;
        await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), state);

        Assert.Equal("queued", (await ReadColumnsAsync(task.Id))!.Value.Status);
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task ConcurrentFirstWrites_OneWins_AndTheTaskIsCountedOnce()
    {
        var task = TaskDocument.Queued();
        var start = new TaskCompletionSource();
        var attempts = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.Task;
            try
            {
                await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(task), new GrainState<TaskDocument>(task));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }).ToList();
        start.SetResult();

        Assert.Single(await Task.WhenAll(attempts), won => won);
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task ConcurrentTransitions_EightWritersTimesTwoHundred_CountsStayExact()
    {
        // Each writer owns a few tasks and moves them through random statuses (and occasionally clears
        // and re-creates one), so counters of every status are incremented and decremented from up to
        // eight connections at once, in both directions.
        string[] statuses = ["queued", "scheduled", "running", "retrying", "succeeded", "failed", "dead-lettered", "cancelled"];
        const int writers = 8;
        const int transitions = 200;
        var start = new TaskCompletionSource();

        var work = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var tasks = Enumerable.Range(0, 4).Select(_ => TaskDocument.Queued()).ToList();
            var states = tasks.Select(task => new GrainState<TaskDocument>(task)).ToList();
            await start.Task;
            for (var t = 0; t < tasks.Count; t++)
            {
                await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(tasks[t]), states[t]);
            }

            for (var i = 0; i < transitions; i++)
            {
                var t = random.Next(tasks.Count);
                if (random.Next(20) == 0)
                {
                    // Clearing replaces the state object with a default one; the task is written anew below.
                    await Keep.ClearStateAsync(TaskStorageSilo.TaskStateName, GrainOf(tasks[t]), states[t]);
                }

                tasks[t].Status = statuses[random.Next(statuses.Length)];
                states[t].State = tasks[t];
                await Keep.WriteStateAsync(TaskStorageSilo.TaskStateName, GrainOf(tasks[t]), states[t]);
            }
        }, Cancel)).ToList();
        start.SetResult();
        await Task.WhenAll(work);

        await AssertCountsMatchRowsAsync();
    }

    /// <summary>CountByStatusAsync (the aggregate) equals a COUNT(*) over the rows, for every status.</summary>
    private async Task AssertCountsMatchRowsAsync()
    {
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var connection = await OpenAsync())
        await using (var command = new NpgsqlCommand(
            "SELECT task_status, count(*) FROM orleans_storage WHERE service_id = @s AND task_id IS NOT NULL GROUP BY task_status", connection))
        {
            command.Parameters.AddWithValue("s", TaskStorageSilo.ServiceId);
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                expected[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var counts = await silo.ReadModel.CountByStatusAsync(TaskStorageSilo.ServiceId, Cancel);
        Assert.All(counts, pair => Assert.Equal(expected.GetValueOrDefault(pair.Key), pair.Value));
        Assert.All(expected, pair => Assert.Equal(pair.Value, counts[pair.Key]));
    }

    private static GrainId GrainOf(TaskDocument task) =>
        GrainId.Create(GrainType.Create("task"), GrainIdKeyExtensions.CreateGuidKey(task.Id));

    private static long N0(TaskDocument task) => BitConverter.ToInt64(task.Id.ToByteArray(), 0);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(silo.ConnectionString);
        await connection.OpenAsync(Cancel);
        return connection;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<TaskColumns?> ReadColumnsAsync(Guid taskId, string stateName = TaskStorageSilo.TaskStateName)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT task_id, task_type, task_status, task_tags, task_attempt, task_submitted_at, task_updated_at, task_due_at, task_silo
            FROM orleans_storage
            WHERE grain_type = @state AND grain_id_n0 = @n0 AND task_id IS NOT NULL
            """,
            connection);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("n0", BitConverter.ToInt64(taskId.ToByteArray(), 0));
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        if (!await reader.ReadAsync(Cancel))
        {
            return null;
        }

        return new TaskColumns(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetInt32(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8));
    }

    private readonly record struct TaskColumns(
        Guid Id, string Type, string Status, string[] Tags, int Attempt,
        DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DueAt, string? Silo);
}
