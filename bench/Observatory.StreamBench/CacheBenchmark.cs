using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Observatory.Streaming.RabbitMq;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Observatory.StreamBench;

/// <summary>
/// The pulling agent's cache work per message, as a task stream load shapes it: every message is its
/// own stream, read in batches, each read through a fresh cursor to the end, then purged. Compares the
/// provider's per-stream cache with Orleans' <see cref="SimpleQueueCache"/>, whose cursors walk every
/// cached message of every stream.
/// </summary>
internal static class CacheBenchmark
{
    public static void Run(int messages, int batch)
    {
        Console.WriteLine($"cache: {messages:N0} messages, one stream each, batches of {batch}, cache size 4096");
        Measure("SimpleQueueCache (Orleans)", () => new SimpleQueueCache(4096, NullLogger.Instance), messages, batch);
        Measure("RabbitMqQueueCache (ours)", () => new RabbitMqQueueCache(4096), messages, batch);
    }

    private static void Measure(string name, Func<IQueueCache> create, int messages, int batch)
    {
        // One warm-up pass so both run jitted code.
        Pass(create(), batch * 4, batch);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Pass(create(), messages, batch);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"  {name,-28} {clock.Elapsed.TotalNanoseconds / messages,10:N0} ns/message {allocated / messages,8:N0} B/message");
    }

    private static void Pass(IQueueCache cache, int messages, int batch)
    {
        var sequence = 0L;
        var containers = new List<IBatchContainer>(batch);
        var cursors = new List<IQueueCacheCursor>(batch);
        for (var done = 0; done < messages; done += batch)
        {
            containers.Clear();
            for (var i = 0; i < batch; i++)
            {
                containers.Add(new RabbitMqBatchContainer(StreamId.Create("task", Guid.NewGuid()), [], new EventSequenceTokenV2(++sequence), null));
            }

            cache.AddToCache(containers);
            cursors.Clear();
            foreach (var container in containers)
            {
                var cursor = cache.TryGetCacheCursor(container.StreamId, container.SequenceToken).Cursor!;
                while (cursor.MoveNextWithResult() == QueueCacheCursorMoveResult.Success)
                {
                }

                cursors.Add(cursor);
            }

            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }

            cache.TryPurgeFromCache(out _);
        }
    }
}
