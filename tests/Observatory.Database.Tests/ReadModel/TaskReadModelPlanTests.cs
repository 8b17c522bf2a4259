using Npgsql;
using Observatory.Database.ReadModel;
using Observatory.Database.Tests.Support;

namespace Observatory.Database.Tests.ReadModel;

/// <summary>
/// The list statements TaskReadModel sends are served by the intended index, read in index order
/// (no sort), on a table with enough tasks (20,000 with a live system's skew, statistics analysed)
/// that the planner's choice is the one it makes at a million: the cost then grows with the page,
/// not with the table. For a filter most tasks match (status succeeded, type noop) the planner
/// rightly walks the id index and skips the few others; for a selective one it uses that filter's index.
/// </summary>
public sealed class TaskReadModelPlanTests(ReadModelDatabase database) : IClassFixture<ReadModelDatabase>, IAsyncLifetime
{
    private const string Service = "plan-tests";
    private const int Tasks = 20_000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (await CountRowsAsync() == 0)
        {
            await database.InsertTasksAsync(Service, Tasks);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task List_StatusFilterWithCursor_UsesTheStatusIndexWithoutSorting()
    {
        var cursor = await IdAtPositionAsync(Tasks / 2);

        var plan = await ExplainAsync(new TaskQuery(Service, Status: "dead-lettered", Cursor: cursor));

        AssertIndexOrderScan(plan, "orleans_storage_task_status_idx");
    }

    [Fact]
    public async Task List_NoFilterWithCursor_UsesTheIdIndexWithoutSorting()
    {
        var plan = await ExplainAsync(new TaskQuery(Service, Cursor: await IdAtPositionAsync(Tasks / 2)));

        AssertIndexOrderScan(plan, "orleans_storage_task_id_idx");
    }

    [Fact]
    public async Task List_TypeFilterWithCursor_UsesTheTypeIndexWithoutSorting()
    {
        var plan = await ExplainAsync(new TaskQuery(Service, Type: "fail", Cursor: await IdAtPositionAsync(Tasks / 2)));

        AssertIndexOrderScan(plan, "orleans_storage_task_type_idx");
    }

    [Fact]
    public async Task List_TimeRange_UsesTheIdIndexAsARange()
    {
        var now = DateTimeOffset.UtcNow;

        var plan = await ExplainAsync(new TaskQuery(Service, From: now.AddHours(-2), To: now.AddHours(-1)));

        AssertIndexOrderScan(plan, "orleans_storage_task_id_idx");
        Assert.Contains("task_id >=", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ByTagWithCursor_WalksTheTagIndexInIdOrder_ReadingAboutOnePage()
    {
        // Whatever else is newer than the tag's tasks, the page is a range of task_tag_index.
        var plan = await ExplainAsync(new TaskQuery(Service, Tag: "tag7", Cursor: await IdAtPositionAsync(Tasks / 2), Limit: 50), analyze: true);

        AssertIndexOrderScan(plan, "task_tag_index_pkey");
        Assert.Matches("\"Actual Rows\": 51,", plan);
    }

    [Fact]
    public async Task List_StatusFilterWithCursor_ReadsAboutOnePage()
    {
        var cursor = await IdAtPositionAsync(Tasks / 2);

        var plan = await ExplainAsync(new TaskQuery(Service, Status: "dead-lettered", Cursor: cursor, Limit: 50), analyze: true);

        // The index hands over matching rows in order; LIMIT 51 stops the scan after 51 of them.
        Assert.Matches("\"Actual Rows\": 51,", plan);
        Assert.DoesNotMatch("\"Rows Removed by Filter\": [1-9]", plan);
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public async Task List_AnyStatusWithCursor_IsAnIndexOrderScan(string status)
    {
        var plan = await ExplainAsync(new TaskQuery(Service, Status: status, Cursor: await IdAtPositionAsync(Tasks / 2)));

        Assert.DoesNotContain("\"Node Type\": \"Sort\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Node Type\": \"Seq Scan\"", plan, StringComparison.Ordinal);
        Assert.Contains("\"Node Type\": \"Index Scan\"", plan, StringComparison.Ordinal);
    }

    private static void AssertIndexOrderScan(string plan, string index)
    {
        Assert.Contains($"\"Index Name\": \"{index}\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Node Type\": \"Sort\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Node Type\": \"Seq Scan\"", plan, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(TaskQuery query, bool analyze = false)
    {
        await using var command = database.DataSource.CreateCommand();
        TaskReadModel.BuildList(command, query);
        command.CommandText = (analyze ? "EXPLAIN (ANALYZE, FORMAT JSON) " : "EXPLAIN (FORMAT JSON) ") + command.CommandText;
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<Guid> IdAtPositionAsync(int position)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT task_id FROM orleans_storage WHERE service_id = $1 ORDER BY task_id DESC OFFSET $2 LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = Service });
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        return (Guid)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM orleans_storage");
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
