using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Observatory.StreamBench;

/// <summary>
/// Publish → deliver throughput and latency: producers publish through the adapter (each call
/// returns after the broker's confirm) while one loop per queue pulls and reports each batch
/// delivered (which acks it). Latency is measured from a timestamp in the event.
/// </summary>
internal static class ThroughputBenchmark
{
    public static async Task RunAsync(Uri uri, int seconds, int inFlight, int queueCount)
    {
        await using var harness = await ProviderHarness.CreateAsync(uri, queueCount, inFlight);
        await harness.StartReceiversAsync();
        var confirmLatencies = new ConcurrentBag<double>();
        var endToEnd = new ConcurrentBag<double>();
        long published = 0, delivered = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();

        var consumers = harness.Receivers.Select(receiver => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = await receiver.GetQueueMessagesAsync(512, CancellationToken.None);
                if (batch.Count == 0)
                {
                    await Task.Delay(1);
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                foreach (var container in batch)
                {
                    foreach (var (item, _) in container.GetEvents<BenchEvent>())
                    {
                        if (Volatile.Read(ref measuring))
                        {
                            endToEnd.Add(Stopwatch.GetElapsedTime(item.SentAt, now).TotalMilliseconds);
                            Interlocked.Increment(ref delivered);
                        }
                    }
                }

                await receiver.MessagesDeliveredAsync(batch, CancellationToken.None);
            }
        })).ToList();

        async Task ProduceAsync(int producer, TimeSpan duration, bool record)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var stream = StreamId.Create("bench", Guid.NewGuid());
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var sent = Stopwatch.GetTimestamp();
                await harness.Adapter.QueueMessageBatchAsync(stream, [new BenchEvent(sent, producer)], null, null);
                if (record)
                {
                    confirmLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref published);
                }
            }
        }

        // Warm-up: connections, JIT, queue creation.
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(p => ProduceAsync(p, TimeSpan.FromSeconds(2), record: false)));
        await Task.Delay(500);
        Volatile.Write(ref measuring, true);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(p => ProduceAsync(p, TimeSpan.FromSeconds(seconds), record: true)));
        var publishSeconds = wall.Elapsed.TotalSeconds;
        var drainDeadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref delivered) < Volatile.Read(ref published) && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(10);
        }

        var deliverSeconds = wall.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(consumers);

        var confirms = confirmLatencies.Order().ToArray();
        var latencies = endToEnd.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            provider: {queueCount} quorum queues, {inFlight} publishes in flight (one event per message, each awaited to its confirm), {seconds} s
            published  {published / publishSeconds,8:F0} msg/s   confirm p50 {Percentiles.Of(confirms, 50):F1} ms  p99 {Percentiles.Of(confirms, 99):F1} ms
            delivered  {delivered / deliverSeconds,8:F0} msg/s   publish->receive p50 {Percentiles.Of(latencies, 50):F1} ms  p99 {Percentiles.Of(latencies, 99):F1} ms   ({delivered} of {published})
            """));
    }
}
