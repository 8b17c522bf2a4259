using Observatory.LoadTest.Http;
using Observatory.LoadTest.Metrics;

namespace Observatory.LoadTest.Load;

/// <summary>
/// Collects what the drivers observe. A request belongs to the measured window when its intended
/// send time does, so warm-up requests that complete late never leak into the measurement.
/// </summary>
internal sealed class SubmitRecorder
{
    private readonly Lock _gate = new();
    private readonly List<SubmittedTask> _tasks = [];
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly TimeSpan _measureFrom;
    private readonly TimeSpan _measureTo;
    private readonly BenchClock _clock;
    private long _requests;
    private long _accepted;
    private long _rejected;

    public SubmitRecorder(BenchClock clock, TimeSpan measureFrom, TimeSpan measureTo)
    {
        _clock = clock;
        _measureFrom = measureFrom;
        _measureTo = measureTo;
    }

    /// <summary>Intended send time → response, for measured requests.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Intended → actual send time: non-zero when the generator (or its in-flight cap) fell behind.</summary>
    public LatencyHistogram SendLag { get; } = new();

    public long MeasuredRequests => Interlocked.Read(ref _requests);

    public long MeasuredAccepted => Interlocked.Read(ref _accepted);

    public long MeasuredRejected => Interlocked.Read(ref _rejected);

    public void Record(TimeSpan intended, TimeSpan sent, TimeSpan completed, SubmitResult result)
    {
        var measured = intended >= _measureFrom && intended < _measureTo;
        if (measured)
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _accepted, result.Accepted.Count);
            Interlocked.Add(ref _rejected, result.Rejected);
            Latency.Record(completed - intended);
            SendLag.Record(sent - intended);
        }

        var intendedAt = _clock.At(intended);
        lock (_gate)
        {
            foreach (var id in result.Accepted)
            {
                _tasks.Add(new SubmittedTask(id, intendedAt, measured));
            }

            if (result.Error is { } error && measured)
            {
                _errors[error] = _errors.GetValueOrDefault(error) + 1;
            }
        }
    }

    public IReadOnlyList<SubmittedTask> Tasks()
    {
        lock (_gate)
        {
            return [.. _tasks];
        }
    }

    public IReadOnlyDictionary<string, long> Errors()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_errors, StringComparer.Ordinal);
        }
    }
}
