using Observatory.LoadTest.Http;
using Observatory.LoadTest.Metrics;

namespace Observatory.LoadTest.Load;

/// <summary>
/// Sends requests at a fixed arrival rate, whatever the system's response time (open loop). Request
/// k is due at k / rate; its latency is measured from that due time, not from when it actually left,
/// so a stalled system is charged for the requests it delayed (no coordinated omission). At most
/// <c>maxInFlight</c> requests are outstanding; beyond that sends are late, and that lateness is
/// part of the measured latency and visible as send lag.
/// </summary>
internal sealed class OpenLoopScheduler
{
    private readonly BenchClock _clock;
    private readonly SubmitRecorder _recorder;

    public OpenLoopScheduler(BenchClock clock, SubmitRecorder recorder)
    {
        _clock = clock;
        _recorder = recorder;
    }

    public async Task RunAsync(Func<CancellationToken, Task<SubmitResult>> send, double requestsPerSecond, TimeSpan until, int maxInFlight, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        var secondsPerRequest = 1.0 / requestsPerSecond;
        for (long k = 0; ; k++)
        {
            var intended = TimeSpan.FromSeconds(k * secondsPerRequest);
            if (intended >= until)
            {
                break;
            }

            var wait = intended - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            await slots.WaitAsync(ct);
            _ = SendOneAsync(send, intended, slots, ct);
        }

        // Every outstanding request has returned once all slots are free again.
        for (var i = 0; i < maxInFlight; i++)
        {
            await slots.WaitAsync(ct);
        }
    }

    private async Task SendOneAsync(Func<CancellationToken, Task<SubmitResult>> send, TimeSpan intended, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            var sent = _clock.Elapsed;
            var result = await send(ct);
            _recorder.Record(intended, sent, _clock.Elapsed, result);
        }
        finally
        {
            slots.Release();
        }
    }
}
