using Observatory.Tasks;
using Observatory.Testing;

namespace Observatory.Grains.Tests;

/// <summary>The task grain's lifecycle, driven through its stream as in production.</summary>
public sealed class TaskGrainTests : IClassFixture<TaskClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TaskClusterFixture _fixture;

    public TaskGrainTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private IClusterClient Client => _fixture.Cluster.Client;

    [Fact]
    public async Task Get_UnknownTask_ReturnsNull()
    {
        var snapshot = await Client.GetGrain<ITaskGrain>(Guid.NewGuid()).GetAsync();

        Assert.Null(snapshot);
    }

    [Fact]
    public async Task Submitted_NoopTask_SucceedsWithOneAttemptOnThisSilo()
    {
        var submitted = TaskEvents.Submitted("noop", """{"note":"hello"}""", tags: ["a", "b"]);

        await Client.PublishAsync(submitted);
        var task = await WaitForAsync(submitted.TaskId, TaskState.Succeeded);

        Assert.Equal("noop", task.Type);
        Assert.Equal(1, task.Attempt);
        Assert.Equal("""{"note":"hello"}""", task.PayloadJson);
        Assert.Equal(["a", "b"], task.Tags);
        Assert.Equal(submitted.CorrelationId, task.CorrelationId);
        Assert.Equal(submitted.OccurredAt, task.SubmittedAt);
        Assert.NotNull(task.Silo);
        Assert.Null(task.Error);
        Assert.NotNull(task.CompletedAt);
    }

    [Fact]
    public async Task Submitted_SleepTask_RunsUntilTheClockPassesItsDuration()
    {
        var submitted = TaskEvents.Submitted("sleep", """{"durationMs":60000}""");

        await Client.PublishAsync(submitted);
        var running = await WaitForAsync(submitted.TaskId, TaskState.Running);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        var stillRunning = await Client.GetGrain<ITaskGrain>(submitted.TaskId).GetAsync();
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await WaitForAsync(submitted.TaskId, TaskState.Succeeded);

        Assert.Equal(TaskState.Running, running.Status);
        Assert.Equal(TaskState.Running, stillRunning!.Status);
        Assert.Equal("""{"sleptMs":60000}""", done.ResultJson);
        Assert.Equal(TimeSpan.FromSeconds(60), done.CompletedAt - done.StartedAt);
    }

    [Fact]
    public async Task Submitted_SameEventDeliveredTwice_RunsTheTaskOnce()
    {
        var submitted = TaskEvents.Submitted("count", """{"n":1}""");

        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, TaskState.Succeeded);
        await Client.PublishAsync(submitted);
        var marker = TaskEvents.Submitted("count");
        await Client.PublishAsync(marker with { TaskId = marker.TaskId });
        await WaitForAsync(marker.TaskId, TaskState.Succeeded);
        var task = await Client.GetGrain<ITaskGrain>(submitted.TaskId).GetAsync();

        Assert.Equal(1, _fixture.Executions[submitted.TaskId]);
        Assert.Equal(1, task!.Attempt);
        Assert.Equal(TaskState.Succeeded, task.Status);
    }

    [Fact]
    public async Task Submitted_SecondEventForTheSameTaskId_IsIgnored()
    {
        var first = TaskEvents.Submitted("count", """{"n":1}""");
        var second = TaskEvents.Submitted("count", """{"n":2}""", first.TaskId);

        await Client.PublishAsync(first);
        await WaitForAsync(first.TaskId, TaskState.Succeeded);
        await Client.PublishAsync(second);
        var marker = TaskEvents.Submitted("noop");
        await Client.PublishAsync(marker);
        await WaitForAsync(marker.TaskId, TaskState.Succeeded);
        var task = await Client.GetGrain<ITaskGrain>(first.TaskId).GetAsync();

        Assert.Equal("""{"n":1}""", task!.PayloadJson);
        Assert.Equal(1, _fixture.Executions[first.TaskId]);
    }

    [Fact]
    public async Task Submitted_UnknownType_FailsNamingTheKnownTypes()
    {
        var submitted = TaskEvents.Submitted("no-such-type");

        await Client.PublishAsync(submitted);
        var task = await WaitForAsync(submitted.TaskId, TaskState.Failed);

        Assert.Equal("UnknownTaskType", task.Error!.Type);
        Assert.Contains("noop", task.Error.Message, StringComparison.Ordinal);
        Assert.Contains("sleep", task.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitted_SleepWithoutDuration_FailsWithInvalidPayload()
    {
        var submitted = TaskEvents.Submitted("sleep", """{"durationMs":"soon"}""");

        await Client.PublishAsync(submitted);
        var task = await WaitForAsync(submitted.TaskId, TaskState.Failed);

        Assert.Equal("InvalidPayload", task.Error!.Type);
        Assert.Contains("durationMs", task.Error.Message, StringComparison.Ordinal);
    }

    private Task<TaskSnapshot> WaitForAsync(Guid taskId, TaskState state) =>
        Eventually.ReturnsAsync(
            async () => (await Client.GetGrain<ITaskGrain>(taskId).GetAsync())!,
            task => task?.Status == state,
            Deadline,
            $"task {taskId} to be {state}");
}
