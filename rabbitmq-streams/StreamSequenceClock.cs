namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// Sequence numbers for messages: Unix time in microseconds, strictly increasing within the process,
/// so a stream's messages from one producer are numbered in publish order and no two share a number.
/// </summary>
internal static class StreamSequenceClock
{
    private static long _last;

    public static long Next(TimeProvider timeProvider)
    {
        var now = (timeProvider.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(last + 1, now);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }
}
