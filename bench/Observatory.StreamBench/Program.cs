using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Observatory.Streaming.RabbitMq;
using Orleans.Configuration;
using RabbitMQ.Client;

// The provider on its own, as a pulling agent drives it: producers publish through the adapter
// (each call returns after the broker's confirm), one loop per queue pulls from its receiver and
// reports every batch delivered (which acks it). Latency is measured from a timestamp in the event.
// Usage: dotnet run -c Release --project bench/Observatory.StreamBench -- [seconds] [in-flight] [queues] [amqp-uri]
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256;
var queueCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
var uri = new Uri(args.Length > 3 ? args[3] : "amqp://guest:guest@127.0.0.1:5672/");
var options = new RabbitMqStreamOptions
{
    ConnectionUri = uri,
    QueueCount = queueCount,
    QueueNamePrefix = "bench-" + Guid.NewGuid().ToString("N")[..8],
    MaxInFlightPublishes = inFlight,
    PrefetchCount = 1024,
};

await using var factory = new RabbitMqQueueAdapterFactory("bench", options, new SimpleQueueCacheOptions(), NullLoggerFactory.Instance, TimeProvider.System);
var adapter = await factory.CreateAdapter();
var receivers = factory.GetStreamQueueMapper().GetAllQueues().Select(adapter.CreateReceiver).ToList();
foreach (var receiver in receivers)
{
    await receiver.Initialize(TimeSpan.FromSeconds(10));
}

var confirmLatencies = new ConcurrentBag<double>();
var endToEnd = new ConcurrentBag<double>();
long published = 0, delivered = 0;
var measuring = false;
using var stop = new CancellationTokenSource();

var consumers = receivers.Select(receiver => Task.Run(async () =>
{
    while (!stop.IsCancellationRequested || Volatile.Read(ref delivered) < Volatile.Read(ref published))
    {
        var batch = await receiver.GetQueueMessagesAsync(512, CancellationToken.None);
        if (batch.Count == 0)
        {
            await Task.Delay(1);
            if (stop.IsCancellationRequested)
            {
                break;
            }

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
        await adapter.QueueMessageBatchAsync(stream, [new BenchEvent(sent, producer)], null, null);
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
foreach (var receiver in receivers)
{
    await receiver.Shutdown(TimeSpan.FromSeconds(5));
}

await DeleteTopologyAsync();

var confirms = confirmLatencies.Order().ToArray();
var latencies = endToEnd.Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    provider: {queueCount} quorum queues, {inFlight} publishes in flight (one event per message, each awaited to its confirm), {seconds} s
    published  {published / publishSeconds,8:F0} msg/s   confirm p50 {P(confirms, 50):F1} ms  p99 {P(confirms, 99):F1} ms
    delivered  {delivered / deliverSeconds,8:F0} msg/s   publish->receive p50 {P(latencies, 50):F1} ms  p99 {P(latencies, 99):F1} ms   ({delivered} of {published})
    """));

async Task DeleteTopologyAsync()
{
    await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    foreach (var queue in factory.GetStreamQueueMapper().GetAllQueues())
    {
        await channel.QueueDeleteAsync(queue.ToString());
    }

    await channel.QueueDeleteAsync(options.QueueNamePrefix + ".dead-letter");
    await channel.ExchangeDeleteAsync(options.QueueNamePrefix);
    await channel.ExchangeDeleteAsync(options.QueueNamePrefix + ".dead-letter");
}

static double P(double[] sorted, int percentile) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

internal sealed record BenchEvent(long SentAt, int Producer);
