using System.Diagnostics;
using System.Globalization;

namespace Observatory.StreamBench;

/// <summary>
/// Memory with a large backlog: first fills the queues with <c>count</c> messages while no receiver
/// runs, then starts the receivers and drains the backlog through a consumer as slow as the pulling
/// agent allows, sampling this process's managed heap and working set. The receivers may hold at most
/// the prefetch window per queue, so memory must stay flat however large the backlog is.
/// </summary>
internal static class BacklogBenchmark
{
    public static async Task RunAsync(Uri uri, int count, int queueCount)
    {
        await using var harness = await ProviderHarness.CreateAsync(uri, queueCount, inFlight: 512);
        var fill = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 512).Select(async producer =>
        {
            var stream = StreamId.Create("backlog", Guid.NewGuid());
            while (Interlocked.Increment(ref next) < count)
            {
                await harness.Adapter.QueueMessageBatchAsync(stream, [new BenchEvent(Stopwatch.GetTimestamp(), producer)], null, null);
            }
        }));
        var fillSeconds = fill.Elapsed.TotalSeconds;

        GC.Collect();
        var baselineHeap = GC.GetTotalMemory(forceFullCollection: true);
        var baselineWorkingSet = Environment.WorkingSet;
        long peakHeap = baselineHeap, peakWorkingSet = baselineWorkingSet, drained = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                // Forcing a collection measures what is live, not garbage awaiting the next GC.
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true));
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                await Task.Delay(250);
            }
        });

        var drain = Stopwatch.StartNew();
        await harness.StartReceiversAsync();
        await Task.WhenAll(harness.Receivers.Select(receiver => Task.Run(async () =>
        {
            while (Interlocked.Read(ref drained) < count && drain.Elapsed < TimeSpan.FromMinutes(10))
            {
                // The pulling agent takes at most a cache bucket (CacheSize / 10) per read.
                var batch = await receiver.GetQueueMessagesAsync(409, CancellationToken.None);
                if (batch.Count == 0)
                {
                    await Task.Delay(5);
                    continue;
                }

                await receiver.MessagesDeliveredAsync(batch, CancellationToken.None);
                Interlocked.Add(ref drained, batch.Count);
            }
        })));
        var drainSeconds = drain.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            backlog: {count:N0} messages in {queueCount} quorum queues, filled at {count / fillSeconds:F0} msg/s (confirmed)
            drained: {drained:N0} at {drained / drainSeconds:F0} msg/s, prefetch {harness.Options.PrefetchCount} per queue
            memory:  live managed heap {baselineHeap / 1048576.0:F1} MB before -> peak {peakHeap / 1048576.0:F1} MB while draining; working set {baselineWorkingSet / 1048576.0:F1} -> peak {peakWorkingSet / 1048576.0:F1} MB
            """));
    }
}
