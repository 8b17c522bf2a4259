namespace Observatory.Grains.Tasks;

/// <summary>
/// Exponential back-off with jitter: the delay before retry n is drawn uniformly from
/// [cap/2, cap] where cap = min(max, base * 2^(n-1)). Half is fixed so retries never bunch up at
/// zero; half is random so tasks that failed together do not retry together.
/// </summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(random, 1d);
        var exponent = Math.Min(failedAttempts - 1, 30);
        var cap = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)((cap / 2) + (cap / 2 * random)));
    }
}
