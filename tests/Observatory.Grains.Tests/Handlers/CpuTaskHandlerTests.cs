using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Observatory.Grains.Handlers;
using Observatory.Grains.Tasks;

namespace Observatory.Grains.Tests.Handlers;

public sealed class CpuTaskHandlerTests
{
    private static readonly CpuWorkers Workers = new(Options.Create(new TaskExecutionOptions()));

    [Fact]
    public async Task Execute_Iterations_RunsExactlyThatMany()
    {
        var handler = new CpuTaskHandler(new FakeTimeProvider(Attempts.Start), Workers);

        var result = await handler.ExecuteAsync(Attempts.Of("cpu", """{"iterations":10000}"""), CancellationToken.None).AsTask().WaitAsync(Attempts.Patience);

        Assert.Equal(10000, result!["iterations"]!.GetValue<long>());
        Assert.Matches("^[0-9a-f]{16}$", result["checksum"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_Duration_StaysBusyUntilTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(Attempts.Start);
        var handler = new CpuTaskHandler(clock, Workers);

        var run = handler.ExecuteAsync(Attempts.Of("cpu", """{"durationMs":50}"""), CancellationToken.None).AsTask();
        var completedEarly = run.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(50));
        var result = await run.WaitAsync(Attempts.Patience);

        Assert.False(completedEarly);
        Assert.Equal(50, result!["elapsedMs"]!.GetValue<long>());
    }

    [Fact]
    public async Task Execute_CancelledMidway_StopsWithCancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new CpuTaskHandler(new FakeTimeProvider(Attempts.Start), Workers);

        // The fake clock never moves, so only the token can end this run.
        var run = handler.ExecuteAsync(Attempts.Of("cpu", """{"durationMs":60000}"""), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Attempts.Patience));
    }

    [Fact]
    public async Task Execute_CancelledDuringIterations_StopsWithCancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new CpuTaskHandler(new FakeTimeProvider(Attempts.Start), Workers);

        var run = handler.ExecuteAsync(Attempts.Of("cpu", """{"iterations":1000000000}"""), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Attempts.Patience));
    }

    [Fact]
    public async Task Execute_CalledFromAGrainLikeScheduler_BurnsOnTheThreadPool()
    {
        var clock = new SchedulerRecordingClock(Attempts.Start);
        var handler = new CpuTaskHandler(clock, Workers);
        var grainLike = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

        var run = Task.Factory.StartNew(
            () => handler.ExecuteAsync(Attempts.Of("cpu", """{"durationMs":1}"""), CancellationToken.None).AsTask(),
            CancellationToken.None, TaskCreationOptions.None, grainLike).Unwrap();
        // The run reads its start time once the scheduler gets to it, so keep the clock moving until it ends.
        var patience = Stopwatch.StartNew();
        while (!run.IsCompleted && patience.Elapsed < Attempts.Patience)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }

        await run.WaitAsync(Attempts.Patience);

        Assert.Contains(TaskScheduler.Default, clock.Schedulers);
        Assert.Same(grainLike, clock.Schedulers[0]);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"durationMs":10,"iterations":10}""")]
    [InlineData("""{"durationMs":60001}""")]
    public async Task Execute_PayloadTheSchemaWouldReject_FailsPermanently(string payload)
    {
        var handler = new CpuTaskHandler(new FakeTimeProvider(Attempts.Start), Workers);

        await Assert.ThrowsAsync<TaskPayloadException>(() => handler.ExecuteAsync(Attempts.Of("cpu", payload), CancellationToken.None).AsTask());
    }

    /// <summary>Remembers the scheduler each clock read ran on, to see where the busy loop runs.</summary>
    private sealed class SchedulerRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Lock _gate = new();
        private readonly List<TaskScheduler> _schedulers = [];

        public IReadOnlyList<TaskScheduler> Schedulers
        {
            get
            {
                lock (_gate)
                {
                    return [.. _schedulers];
                }
            }
        }

        public override long GetTimestamp()
        {
            lock (_gate)
            {
                _schedulers.Add(TaskScheduler.Current);
            }

            return base.GetTimestamp();
        }
    }
}
