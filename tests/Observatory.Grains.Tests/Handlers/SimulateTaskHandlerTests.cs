using Microsoft.Extensions.Time.Testing;
using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests.Handlers;

public sealed class SimulateTaskHandlerTests
{
    private static readonly Guid[] TaskIds = [.. Enumerable.Range(0, 40).Select(i => Guid.CreateVersion7(Attempts.Start.AddSeconds(i)))];

    [Fact]
    public async Task Execute_FailureRateZero_NeverFails()
    {
        var handler = new SimulateTaskHandler(new FakeTimeProvider(Attempts.Start));

        foreach (var id in TaskIds)
        {
            var result = await handler.ExecuteAsync(Attempts.Of("simulate", """{"failureRate":0}""", id), CancellationToken.None);
            Assert.Equal("""{"durationMs":0}""", result!.ToJsonString());
        }
    }

    [Fact]
    public async Task Execute_FailureRateOne_AlwaysFailsRetryably()
    {
        var handler = new SimulateTaskHandler(new FakeTimeProvider(Attempts.Start));

        foreach (var id in TaskIds)
        {
            var failure = await Assert.ThrowsAsync<SimulatedTaskFailureException>(
                () => handler.ExecuteAsync(Attempts.Of("simulate", """{"failureRate":1}""", id), CancellationToken.None).AsTask());
            Assert.IsNotAssignableFrom<PermanentTaskFailureException>(failure);
        }
    }

    [Fact]
    public async Task Execute_DurationRange_RunsBetweenMinAndMax()
    {
        var durations = new HashSet<long>();
        foreach (var id in TaskIds)
        {
            var clock = new FakeTimeProvider(Attempts.Start);
            var handler = new SimulateTaskHandler(clock);

            var run = handler.ExecuteAsync(Attempts.Of("simulate", """{"minDurationMs":100,"maxDurationMs":200}""", id), CancellationToken.None).AsTask();
            clock.Advance(TimeSpan.FromMilliseconds(99));
            Assert.False(run.IsCompleted, "finished before minDurationMs");
            clock.Advance(TimeSpan.FromMilliseconds(101));
            var result = await run;

            var durationMs = result!["durationMs"]!.GetValue<long>();
            Assert.InRange(durationMs, 100, 200);
            durations.Add(durationMs);
        }

        Assert.True(durations.Count > 1, "every task drew the same duration");
    }

    [Fact]
    public async Task Execute_SameTaskAndAttempt_DrawsTheSameDuration()
    {
        var id = TaskIds[0];

        var first = await RunToEndAsync(id, attempt: 1);
        var again = await RunToEndAsync(id, attempt: 1);

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Execute_MaxBelowMin_FailsPermanently()
    {
        var handler = new SimulateTaskHandler(new FakeTimeProvider(Attempts.Start));

        var failure = await Assert.ThrowsAsync<TaskPayloadException>(
            () => handler.ExecuteAsync(Attempts.Of("simulate", """{"minDurationMs":200,"maxDurationMs":100}"""), CancellationToken.None).AsTask());

        Assert.Contains("maxDurationMs", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Cancelled_StopsWaiting()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new SimulateTaskHandler(new FakeTimeProvider(Attempts.Start));

        var run = handler.ExecuteAsync(Attempts.Of("simulate", """{"minDurationMs":1000}"""), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private static async Task<string> RunToEndAsync(Guid id, int attempt)
    {
        var clock = new FakeTimeProvider(Attempts.Start);
        var run = new SimulateTaskHandler(clock)
            .ExecuteAsync(Attempts.Of("simulate", """{"minDurationMs":0,"maxDurationMs":1000000}""", id, attempt), CancellationToken.None)
            .AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(1000000));
        return (await run)!.ToJsonString();
    }
}
