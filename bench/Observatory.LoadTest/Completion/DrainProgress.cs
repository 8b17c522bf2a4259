using System.Diagnostics;
using System.Globalization;

namespace Observatory.LoadTest.Completion;

/// <summary>Prints how far the drain is, at most every five seconds.</summary>
internal sealed class DrainProgress
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly int _total;
    private TimeSpan _lastPrint = TimeSpan.Zero;

    public DrainProgress(int total) => _total = total;

    public void Report(int pending)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (elapsed - _lastPrint < TimeSpan.FromSeconds(5))
        {
            return;
        }

        _lastPrint = elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  drain {elapsed.TotalSeconds:F0}s: {_total - pending:N0} of {_total:N0} tasks terminal"));
    }
}
