using System.Diagnostics;

namespace Observatory.LoadTest.Metrics;

/// <summary>
/// Wall-clock time derived from a monotonic stopwatch: comparable with the timestamps the system
/// persists (same machine, same UTC clock) but immune to clock steps during a run.
/// </summary>
internal sealed class BenchClock
{
    private readonly DateTimeOffset _anchor = DateTimeOffset.UtcNow;
    private readonly long _start = Stopwatch.GetTimestamp();

    public DateTimeOffset UtcNow => _anchor + Stopwatch.GetElapsedTime(_start);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    /// <summary>The wall-clock time at <paramref name="elapsed"/> since the anchor.</summary>
    public DateTimeOffset At(TimeSpan elapsed) => _anchor + elapsed;
}
