using Microsoft.Extensions.Time.Testing;
using Observatory.Gateway.Tasks;

namespace Observatory.Gateway.Tests;

public sealed class AcceptedTaskVisibilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsRecentlyMinted_IdMintedJustNow_IsTrue() =>
        Assert.True(AcceptedTaskVisibility.IsRecentlyMinted(Guid.CreateVersion7(Now.AddMilliseconds(-300)), Now));

    [Fact]
    public void IsRecentlyMinted_IdMintedAMinuteAgo_IsFalse() =>
        Assert.False(AcceptedTaskVisibility.IsRecentlyMinted(Guid.CreateVersion7(Now.AddMinutes(-1)), Now));

    [Fact]
    public void IsRecentlyMinted_IdFromTheFuture_IsFalse() =>
        Assert.False(AcceptedTaskVisibility.IsRecentlyMinted(Guid.CreateVersion7(Now.AddMinutes(5)), Now));

    [Fact]
    public void IsRecentlyMinted_RandomVersion4Id_IsFalse() =>
        Assert.False(AcceptedTaskVisibility.IsRecentlyMinted(Guid.NewGuid(), Now));

    [Fact]
    public async Task WaitFor_TaskReachesItsGrainAfterAFewReads_ReturnsIt()
    {
        var clock = new FakeTimeProvider(Now);
        var reads = 0;

        var wait = AcceptedTaskVisibility.WaitForAsync(() => Task.FromResult(++reads >= 3 ? "task" : null), clock, CancellationToken.None);
        await AdvanceUntilDoneAsync(clock, wait);

        Assert.Equal("task", await wait);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task WaitFor_TaskNeverArrives_GivesUpAfterMaxWait()
    {
        var clock = new FakeTimeProvider(Now);

        var wait = AcceptedTaskVisibility.WaitForAsync(() => Task.FromResult<string?>(null), clock, CancellationToken.None);
        await AdvanceUntilDoneAsync(clock, wait);

        Assert.Null(await wait);
        Assert.InRange(clock.GetUtcNow() - Now, AcceptedTaskVisibility.MaxWait, AcceptedTaskVisibility.MaxWait + TimeSpan.FromMilliseconds(500));
    }

    // Moves the fake clock in small steps, letting each awakened continuation run, until the wait ends.
    private static async Task AdvanceUntilDoneAsync(FakeTimeProvider clock, Task wait)
    {
        for (var step = 0; step < 1000 && !wait.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Yield();
        }
    }
}
