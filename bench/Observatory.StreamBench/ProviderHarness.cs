using Microsoft.Extensions.Logging.Abstractions;
using Observatory.Streaming.RabbitMq;
using Orleans.Streams;
using RabbitMQ.Client;

namespace Observatory.StreamBench;

/// <summary>
/// The provider as a pulling agent sees it, on a queue prefix of its own: an adapter to publish
/// through and one receiver per queue. Disposing deletes the benchmark's exchange and queues.
/// </summary>
internal sealed class ProviderHarness : IAsyncDisposable
{
    private readonly RabbitMqQueueAdapterFactory _factory;

    private ProviderHarness(RabbitMqStreamOptions options, RabbitMqQueueAdapterFactory factory, IQueueAdapter adapter)
    {
        Options = options;
        _factory = factory;
        Adapter = adapter;
        Receivers = [.. factory.GetStreamQueueMapper().GetAllQueues().Select(adapter.CreateReceiver)];
    }

    public RabbitMqStreamOptions Options { get; }

    public IQueueAdapter Adapter { get; }

    public IReadOnlyList<IQueueAdapterReceiver> Receivers { get; }

    public static async Task<ProviderHarness> CreateAsync(Uri uri, int queueCount, int inFlight)
    {
        var options = new RabbitMqStreamOptions
        {
            ConnectionUri = uri,
            QueueCount = queueCount,
            QueueNamePrefix = "bench-" + Guid.NewGuid().ToString("N")[..8],
            MaxInFlightPublishes = inFlight,
            PrefetchCount = 1024,
        };
        var factory = new RabbitMqQueueAdapterFactory("bench", options, NullLoggerFactory.Instance, TimeProvider.System);
        return new ProviderHarness(options, factory, await factory.CreateAdapter());
    }

    public async Task StartReceiversAsync()
    {
        foreach (var receiver in Receivers)
        {
            await receiver.Initialize(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in Receivers)
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(5));
        }

        await using (var connection = await new ConnectionFactory { Uri = Options.ConnectionUri! }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            foreach (var queue in _factory.GetStreamQueueMapper().GetAllQueues())
            {
                await channel.QueueDeleteAsync(queue.ToString());
            }

            await channel.QueueDeleteAsync(Options.QueueNamePrefix + ".dead-letter");
            await channel.ExchangeDeleteAsync(Options.QueueNamePrefix);
            await channel.ExchangeDeleteAsync(Options.QueueNamePrefix + ".dead-letter");
        }

        await _factory.DisposeAsync();
    }
}

/// <summary>The event the benchmarks publish: when it was sent, and by which producer.</summary>
internal sealed record BenchEvent(long SentAt, int Producer);
