using Observatory.Grains.Tasks;

namespace Observatory.Grains.Tests;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(5, 8, 16)]
    public void Delay_DoublesPerFailedAttempt_WithinHalfToFullOfTheCap(int failedAttempts, double lowSeconds, double highSeconds)
    {
        var lowest = RetryBackoff.Delay(failedAttempts, Base, Max, random: 0);
        var highest = RetryBackoff.Delay(failedAttempts, Base, Max, random: 1);

        Assert.Equal(TimeSpan.FromSeconds(lowSeconds), lowest);
        Assert.Equal(TimeSpan.FromSeconds(highSeconds), highest);
    }

    [Fact]
    public void Delay_ManyFailures_NeverExceedsTheMaximum()
    {
        Assert.Equal(Max, RetryBackoff.Delay(64, Base, Max, random: 1));
        Assert.Equal(Max / 2, RetryBackoff.Delay(64, Base, Max, random: 0));
    }

    [Fact]
    public void Delay_ZeroFailures_IsAProgrammingError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(0, Base, Max, 0.5));
}
