using Observatory.LoadTest.Http;
using Observatory.LoadTest.Metrics;

namespace Observatory.LoadTest.Load;

/// <summary>
/// N workers, each sending its next request as soon as the previous one returned: measures the
/// most the system takes at that concurrency. Latency is from the actual send, so under a stall
/// it understates what an open-loop client would see (use <c>--rate</c> for that).
/// </summary>
internal sealed class ClosedLoopDriver
{
    private readonly BenchClock _clock;
    private readonly SubmitRecorder _recorder;

    public ClosedLoopDriver(BenchClock clock, SubmitRecorder recorder)
    {
        _clock = clock;
        _recorder = recorder;
    }

    public Task RunAsync(Func<CancellationToken, Task<SubmitResult>> send, int concurrency, TimeSpan until, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkerAsync(send, until, ct), ct)));

    private async Task WorkerAsync(Func<CancellationToken, Task<SubmitResult>> send, TimeSpan until, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var sent = _clock.Elapsed;
            if (sent >= until)
            {
                return;
            }

            var result = await send(ct);
            _recorder.Record(sent, sent, _clock.Elapsed, result);
        }
    }
}
