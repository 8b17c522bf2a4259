using Microsoft.Extensions.Options;
using Observatory.Grains.Handlers;
using Observatory.Grains.Tasks;

namespace Observatory.Grains.Tests.Handlers;

public sealed class CpuWorkersTests
{
    [Fact]
    public async Task RunAsync_RunsWorkOffTheThreadPool()
    {
        using var workers = Create(capacity: 1);

        var onPoolThread = await workers.RunAsync(() => Thread.CurrentThread.IsThreadPoolThread, CancellationToken.None);

        Assert.False(onPoolThread);
    }

    [Fact]
    public async Task RunAsync_BeyondCapacity_WaitsForAFreeWorker()
    {
        using var workers = Create(capacity: 1);
        using var release = new ManualResetEventSlim();
        var first = workers.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var secondStarted = false;

        var second = workers.RunAsync(() => secondStarted = true, CancellationToken.None);
        var startedWhileFirstRan = await Task.WhenAny(second, Task.Delay(200)) == second;
        release.Set();
        await Task.WhenAll(first, second);

        Assert.False(startedWhileFirstRan);
        Assert.True(secondStarted);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaiting_NeverRunsTheWork()
    {
        using var workers = Create(capacity: 1);
        using var release = new ManualResetEventSlim();
        var first = workers.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var waiting = workers.RunAsync(() => ran = true, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.Set();
        await first;

        Assert.False(ran);
    }

    private static CpuWorkers Create(int capacity) => new(Options.Create(new TaskExecutionOptions { MaxConcurrentCpuWork = capacity }));
}
