using Observatory.Grains.Tasks;
using Observatory.Tasks;
using Observatory.Testing;

namespace Observatory.Grains.Tests;

/// <summary>A silo with one attempt slot and no wait for it.</summary>
public sealed class OneSlotTaskClusterFixture : TaskClusterFixture
{
    protected override void ConfigureTasks(TaskExecutionOptions options)
    {
        base.ConfigureTasks(options);
        options.MaxConcurrentAttempts = 1;
        options.SlotWait = TimeSpan.Zero;
    }
}

/// <summary>
/// Backpressure: when the silo's attempt slots are taken, a delivered task is parked as queued
/// (durably, with a due time for the poller) instead of running on top of the others.
/// </summary>
public sealed class TaskBackpressureTests : IClassFixture<OneSlotTaskClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly OneSlotTaskClusterFixture _fixture;

    public TaskBackpressureTests(OneSlotTaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private IClusterClient Client => _fixture.Cluster.Client;

    [Fact]
    public async Task TaskDeliveredWhileAllSlotsAreBusy_IsParkedQueued_AndRunsWhenWokenAfterTheSlotFrees()
    {
        var blocker = TaskEvents.Submitted("sleep", """{"durationMs":60000}""");
        await Client.PublishAsync(blocker);
        await WaitForAsync(blocker.TaskId, TaskState.Running);
        var parked = TaskEvents.Submitted("count");

        await Client.PublishAsync(parked);
        var queued = await WaitForAsync(parked.TaskId, TaskState.Queued);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(60));
        await WaitForAsync(blocker.TaskId, TaskState.Succeeded);
        await Client.GetGrain<ITaskGrain>(parked.TaskId).WakeAsync();
        var done = await WaitForAsync(parked.TaskId, TaskState.Succeeded);

        Assert.Equal(0, queued.Attempt);
        Assert.Equal(1, done.Attempt);
        Assert.Equal(1, _fixture.Executions[parked.TaskId]);
    }

    [Fact]
    public async Task Cancel_QueuedTask_CancelsItWithoutRunningIt()
    {
        var blocker = TaskEvents.Submitted("sleep", """{"durationMs":60000}""");
        await Client.PublishAsync(blocker);
        await WaitForAsync(blocker.TaskId, TaskState.Running);
        var parked = TaskEvents.Submitted("count");
        await Client.PublishAsync(parked);
        await WaitForAsync(parked.TaskId, TaskState.Queued);

        var result = await Client.GetGrain<ITaskGrain>(parked.TaskId).CancelAsync("queue too long");
        _fixture.Clock.Advance(TimeSpan.FromSeconds(60));
        await WaitForAsync(blocker.TaskId, TaskState.Succeeded);
        await Client.GetGrain<ITaskGrain>(parked.TaskId).WakeAsync();
        var after = await Client.GetGrain<ITaskGrain>(parked.TaskId).GetAsync();

        Assert.Equal(TaskState.Cancelled, result.Task!.Status);
        Assert.Equal(TaskState.Cancelled, after!.Status);
        Assert.False(_fixture.Executions.ContainsKey(parked.TaskId));
    }

    private async Task<TaskSnapshot> WaitForAsync(Guid taskId, TaskState status) =>
        (await Eventually.ReturnsAsync(() => Client.GetGrain<ITaskGrain>(taskId).GetAsync(), t => t?.Status == status, Deadline, $"task {taskId} to be {status}"))!;
}
