using Microsoft.Extensions.Options;
using Observatory.Grains.Tasks;

namespace Observatory.Grains.Tests;

public sealed class TaskSlotsTests
{
    [Fact]
    public async Task TryAcquire_WhenAllSlotsAreTaken_ReturnsNullWithoutWaiting()
    {
        using var slots = Create(capacity: 1);
        using var held = await slots.TryAcquireAsync(TimeSpan.Zero);

        var second = await slots.TryAcquireAsync(TimeSpan.Zero);

        Assert.NotNull(held);
        Assert.Null(second);
        Assert.Equal(0, slots.Available);
    }

    [Fact]
    public async Task Lease_DisposedTwice_FreesItsSlotOnce()
    {
        using var slots = Create(capacity: 2);
        var lease = await slots.TryAcquireAsync(TimeSpan.Zero);

        lease!.Dispose();
        lease.Dispose();

        Assert.Equal(2, slots.Available);
    }

    [Fact]
    public async Task TryAcquire_WaitingWhileASlotFrees_GetsIt()
    {
        using var slots = Create(capacity: 1);
        var held = await slots.TryAcquireAsync(TimeSpan.Zero);

        var waiting = slots.TryAcquireAsync(TimeSpan.FromSeconds(30));
        held!.Dispose();
        using var acquired = await waiting;

        Assert.NotNull(acquired);
    }

    private static TaskSlots Create(int capacity) => new(Options.Create(new TaskExecutionOptions { MaxConcurrentAttempts = capacity }));
}
