using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Observatory.Contracts;
using Observatory.Grains.Events;
using Observatory.Tasks;
using Observatory.Testing;
using Orleans.TestingHost;

namespace Observatory.Grains.Tests;

/// <summary>
/// The task state machine: retries with back-off, dead-lettering, scheduling, timeouts, cancel and
/// retry commands, each transition driven by the fake task clock and checked in the task's state,
/// its timeline, its attempt history and the events it emits.
/// </summary>
public sealed class TaskLifecycleTests : IClassFixture<TaskClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TaskClusterFixture _fixture;

    public TaskLifecycleTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private IClusterClient Client => _fixture.Cluster.Client;

    private ITaskGrain Task(Guid id) => Client.GetGrain<ITaskGrain>(id);

    [Fact]
    public async Task FailingAttempts_AreRetriedWithGrowingJitteredBackoff_UntilOneSucceeds()
    {
        var submitted = Submit("flaky", """{"succeedOnAttempt":3}""", s => s with { MaxAttempts = 3 });

        await Client.PublishAsync(submitted);
        var afterFirst = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Retrying && t.Attempt == 1);
        var firstDelay = afterFirst.NextAttemptAt!.Value - afterFirst.UpdatedAt;
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterSecond = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Retrying && t.Attempt == 2);
        var secondDelay = afterSecond.NextAttemptAt!.Value - afterSecond.UpdatedAt;
        _fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var done = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        Assert.InRange(firstDelay, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        Assert.InRange(secondDelay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(3, done.Attempt);
        Assert.Equal([TaskAttemptOutcome.Failed, TaskAttemptOutcome.Failed, TaskAttemptOutcome.Succeeded], done.Attempts.Select(a => a.Outcome));
        Assert.Equal("InvalidOperationException", done.Attempts[0].Error!.Type);
        Assert.Equal(
            [
                TaskEventTypes.Submitted,
                TaskEventTypes.Started, TaskEventTypes.AttemptFailed, TaskEventTypes.RetryScheduled,
                TaskEventTypes.Started, TaskEventTypes.AttemptFailed, TaskEventTypes.RetryScheduled,
                TaskEventTypes.Started, TaskEventTypes.Succeeded,
            ],
            done.Timeline.Select(e => e.EventType));
    }

    [Fact]
    public async Task EveryAttemptFailing_DeadLettersTheTaskAfterMaxAttempts()
    {
        var dead = await DeadLetterAfterTwoFailedAttemptsAsync();

        Assert.Equal(2, dead.Attempt);
        Assert.NotNull(dead.CompletedAt);
        Assert.Null(dead.NextAttemptAt);
        Assert.Equal(TaskEventTypes.DeadLettered, dead.Timeline[^1].EventType);
        Assert.Contains("All 2 attempts failed", dead.Timeline[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsAtTheSameInstant_HaveIdsInTheOrderTheyHappened()
    {
        // The task clock stands still within each attempt, so each attempt's events share one instant.
        var dead = await DeadLetterAfterTwoFailedAttemptsAsync();
        var emitted = dead.Timeline.Where(e => e.EventType != TaskEventTypes.Submitted).ToList();
        var byTimeThenId = emitted
            .OrderBy(e => e.OccurredAt)
            .ThenBy(e => e.EventId.ToByteArray(bigEndian: true), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)))
            .ToList();

        Assert.Equal([3, 3], emitted.GroupBy(e => e.OccurredAt).Select(g => g.Count()));
        Assert.Equal(emitted, byTimeThenId);
    }

    [Fact]
    public async Task PermanentFailure_FailsAtOnceWithoutRetrying()
    {
        var submitted = Submit("sleep", """{"durationMs":"soon"}""", s => s with { MaxAttempts = 5 });

        await Client.PublishAsync(submitted);
        var failed = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Failed);

        Assert.Equal(1, failed.Attempt);
        Assert.Equal("InvalidPayload", failed.Error!.Type);
        Assert.DoesNotContain(failed.Timeline, e => e.EventType == TaskEventTypes.RetryScheduled);
    }

    [Fact]
    public async Task RunAtInTheFuture_WaitsScheduledAndRunsWhenItsTimeComes()
    {
        var runAt = _fixture.Clock.GetUtcNow().AddMinutes(10);
        var submitted = Submit("count", "{}", s => s with { RunAt = runAt });

        await Client.PublishAsync(submitted);
        var scheduled = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Scheduled);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        var stillScheduled = await Task(submitted.TaskId).GetAsync();
        _fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var done = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        Assert.Equal(runAt, scheduled.NextAttemptAt);
        Assert.Equal(runAt, scheduled.RunAt);
        Assert.Equal(TaskState.Scheduled, stillScheduled!.Status);
        Assert.Equal(0, stillScheduled.Attempt);
        Assert.True(done.StartedAt >= runAt);
        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.Scheduled, TaskEventTypes.Started, TaskEventTypes.Succeeded], done.Timeline.Select(e => e.EventType));
    }

    [Fact]
    public async Task RunAtMonthsAhead_StaysScheduled_AndRunsWhenWokenAtItsTime()
    {
        // Beyond the longest timer .NET can arm (about 49.7 days): the in-memory wake-up must not
        // be tried, the due-task poller wakes the task at its time.
        var runAt = _fixture.Clock.GetUtcNow().AddDays(100);
        var submitted = Submit("count", "{}", s => s with { RunAt = runAt });

        await Client.PublishAsync(submitted);
        var scheduled = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Scheduled);
        _fixture.Clock.Advance(TimeSpan.FromDays(100));
        await Task(submitted.TaskId).WakeAsync();
        var done = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        Assert.Equal(runAt, scheduled.NextAttemptAt);
        Assert.True(done.StartedAt >= runAt);
        Assert.Equal(1, _fixture.Executions[submitted.TaskId]);
    }

    [Fact]
    public async Task AttemptOutlivingItsTimeout_IsStoppedAndRecordedAsTimedOut()
    {
        var submitted = Submit("sleep", """{"durationMs":600000}""", s => s with { TimeoutSeconds = 5, MaxAttempts = 1 });

        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Running);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        var dead = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.DeadLettered);

        Assert.Equal(TaskAttemptOutcome.TimedOut, dead.Attempts.Single().Outcome);
        Assert.Equal("Timeout", dead.Error!.Type);
    }

    [Fact]
    public async Task Cancel_ScheduledTask_CancelsItAndItNeverRuns()
    {
        var submitted = Submit("count", "{}", s => s with { RunAt = _fixture.Clock.GetUtcNow().AddHours(1) });
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Scheduled);

        var result = await Task(submitted.TaskId).CancelAsync("not needed");
        _fixture.Clock.Advance(TimeSpan.FromHours(1));
        var after = await Task(submitted.TaskId).GetAsync();

        Assert.Equal(TaskCommandOutcome.Done, result.Outcome);
        Assert.Equal(TaskState.Cancelled, result.Task!.Status);
        Assert.Equal(TaskState.Cancelled, after!.Status);
        Assert.Equal(0, after.Attempt);
        Assert.False(_fixture.Executions.ContainsKey(submitted.TaskId));
        Assert.Equal("not needed", after.Timeline[^1].Message);
    }

    [Fact]
    public async Task Cancel_RunningTask_StopsTheHandlerAndEndsCancelled()
    {
        var submitted = Submit("sleep", """{"durationMs":600000}""");
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Running);

        var result = await Task(submitted.TaskId).CancelAsync(null);

        Assert.Equal(TaskState.Cancelled, result.Task!.Status);
        Assert.Equal(TaskAttemptOutcome.Cancelled, result.Task.Attempts.Single().Outcome);
        Assert.Equal(TaskEventTypes.Cancelled, result.Task.Timeline[^1].EventType);
    }

    [Fact]
    public async Task Cancel_RetryingTask_CancelsThePendingRetry()
    {
        var submitted = Submit("flaky", "{}");
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Retrying);

        var result = await Task(submitted.TaskId).CancelAsync(null);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await Task(submitted.TaskId).GetAsync();

        Assert.Equal(TaskState.Cancelled, result.Task!.Status);
        Assert.Equal(1, after!.Attempt);
        Assert.Equal(TaskState.Cancelled, after.Status);
    }

    [Fact]
    public async Task Cancel_SucceededTask_IsAConflict()
    {
        var submitted = Submit("noop", "{}");
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        var result = await Task(submitted.TaskId).CancelAsync(null);

        Assert.Equal(TaskCommandOutcome.Conflict, result.Outcome);
        Assert.Contains("succeeded", result.Reason, StringComparison.Ordinal);
        Assert.Equal(TaskState.Succeeded, result.Task!.Status);
    }

    [Fact]
    public async Task Commands_OnUnknownTask_AreNotFound()
    {
        Assert.Equal(TaskCommandOutcome.NotFound, (await Task(Guid.NewGuid()).CancelAsync(null)).Outcome);
        Assert.Equal(TaskCommandOutcome.NotFound, (await Task(Guid.NewGuid()).RetryAsync()).Outcome);
    }

    [Fact]
    public async Task Retry_DeadLetteredTask_RunsANewAttemptAndKeepsTheHistory()
    {
        var submitted = Submit("flaky", """{"succeedOnAttempt":2}""", s => s with { MaxAttempts = 1 });
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.DeadLettered);

        var result = await Task(submitted.TaskId).RetryAsync();
        var done = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        Assert.Equal(TaskCommandOutcome.Done, result.Outcome);
        Assert.Equal(2, done.Attempt);
        Assert.Equal([TaskAttemptOutcome.Failed, TaskAttemptOutcome.Succeeded], done.Attempts.Select(a => a.Outcome));
        Assert.Contains(done.Timeline, e => e.EventType == TaskEventTypes.DeadLettered);
        Assert.Contains(done.Timeline, e => e.Message == "Retry requested");
    }

    [Fact]
    public async Task Retry_QueuedOrSucceededTask_IsAConflict()
    {
        var submitted = Submit("noop", "{}");
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        var result = await Task(submitted.TaskId).RetryAsync();

        Assert.Equal(TaskCommandOutcome.Conflict, result.Outcome);
        Assert.Equal(1, result.Task!.Attempt);
    }

    [Fact]
    public async Task Retry_CancelledTask_RunsItToSuccess()
    {
        var submitted = Submit("count", "{}", s => s with { RunAt = _fixture.Clock.GetUtcNow().AddHours(2) });
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Scheduled);
        await Task(submitted.TaskId).CancelAsync(null);

        await Task(submitted.TaskId).RetryAsync();
        var done = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        Assert.Equal(1, done.Attempt);
        Assert.Equal(1, _fixture.Executions[submitted.TaskId]);
    }

    [Fact]
    public async Task Wake_OnAFinishedTask_ChangesNothing()
    {
        var submitted = Submit("count", "{}");
        await Client.PublishAsync(submitted);
        var done = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);

        await Task(submitted.TaskId).WakeAsync();
        var after = await Task(submitted.TaskId).GetAsync();

        Assert.Equal((done.Status, done.Attempt, done.UpdatedAt, done.Timeline.Count), (after!.Status, after.Attempt, after.UpdatedAt, after.Timeline.Count));
        Assert.Equal(1, _fixture.Executions[submitted.TaskId]);
    }

    [Fact]
    public async Task EveryTransition_IsEmittedOnTheFeed_AsAValidEnvelope_WithItsTimings()
    {
        var feed = ((InProcessSiloHandle)_fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<TaskEventFeed>();
        using var subscription = feed.Subscribe();
        var submitted = Submit("flaky", """{"succeedOnAttempt":2}""");

        await Client.PublishAsync(submitted);
        var retrying = await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Retrying);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Succeeded);
        var events = new List<TaskFeedEvent>();
        while (subscription.Events.TryRead(out var feedEvent))
        {
            if (feedEvent.Envelope.TaskId == submitted.TaskId)
            {
                events.Add(feedEvent);
            }
        }

        Assert.Equal(
            [TaskEventTypes.Submitted, TaskEventTypes.Started, TaskEventTypes.AttemptFailed, TaskEventTypes.RetryScheduled, TaskEventTypes.Started, TaskEventTypes.Succeeded],
            events.Select(e => e.Envelope.EventType));
        Assert.Equal(events.Count, events.Select(e => e.Envelope.EventId).Distinct().Count());
        Assert.All(events, e => Assert.Equal(submitted.CorrelationId, e.Envelope.CorrelationId));
        Assert.All(events, e => Assert.Equal(submitted.OccurredAt, e.SubmittedAt));
        foreach (var feedEvent in events)
        {
            var result = ContractSchemas.Default.Validate(ContractName.EventEnvelope, JsonSerializer.SerializeToElement(feedEvent.Envelope, JsonSerializerOptions.Web));
            Assert.True(result.IsValid, $"{feedEvent.Envelope.EventType}: " + string.Join("; ", result.Errors.Select(e => $"{e.InstancePath}: {e.Message}")));
        }

        // The retry waited from its back-off's end (the clock moved 1 s past the failure) to its start.
        var retryStarted = events[4];
        Assert.Equal(retryStarted.Envelope.OccurredAt - retrying.NextAttemptAt!.Value, retryStarted.QueueWait);
        Assert.Equal([TaskEventTypes.AttemptFailed, TaskEventTypes.Succeeded], events.Where(e => e.RunTime is not null).Select(e => e.Envelope.EventType));
        Assert.Equal([TaskEventTypes.Succeeded], events.Where(e => e.IsTerminal).Select(e => e.Envelope.EventType));
        Assert.Equal(TaskState.Succeeded, events[^1].Status);
    }

    private static TaskEventEnvelope Submit(string type, string payloadJson, Func<TaskSubmission, TaskSubmission>? configure = null) =>
        TaskEvents.Submitted(type, payloadJson, null, [], configure);

    /// <summary>A task whose two attempts fail, the second a second after the first, run to dead-lettered.</summary>
    private async Task<TaskSnapshot> DeadLetterAfterTwoFailedAttemptsAsync()
    {
        var submitted = Submit("flaky", "{}", s => s with { MaxAttempts = 2 });
        await Client.PublishAsync(submitted);
        await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.Retrying);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        return await WaitForAsync(submitted.TaskId, t => t.Status == TaskState.DeadLettered);
    }

    private async Task<TaskSnapshot> WaitForAsync(Guid taskId, Func<TaskSnapshot, bool> condition) =>
        (await Eventually.ReturnsAsync(() => Task(taskId).GetAsync(), t => t is not null && condition(t), Deadline, $"task {taskId} to reach the expected state"))!;
}
