using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Observatory.Grains.Handlers;
using Observatory.Grains.Tasks;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;
using Observatory.Testing;
using Orleans.TestingHost;

namespace Observatory.Grains.Tests;

/// <summary>
/// A one-silo test cluster whose task streams run over the real RabbitMQ provider in a virtual host
/// of their own, with in-memory grain storage and a fake clock for task execution.
/// </summary>
public class TaskClusterFixture : IAsyncLifetime
{
    private const string FixtureIdKey = "Test:FixtureId";
    private const string BrokerUriKey = "Test:BrokerUri";
    private const string QueuePrefixKey = "Test:QueuePrefix";
    private static readonly ConcurrentDictionary<string, TaskClusterFixture> Fixtures = new();
    private readonly string _id = Guid.NewGuid().ToString("N");

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Unique per fixture, so metric series of concurrently running fixtures never mix.</summary>
    public string QueuePrefix => "tasks-" + _id[..8];

    public RabbitMqTestVirtualHost VirtualHost { get; private set; } = null!;

    /// <summary>The clock task handlers see; advancing it completes sleeps.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>How often the counting handler ran each task.</summary>
    public ConcurrentDictionary<Guid, int> Executions { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Fixtures[_id] = this;
        VirtualHost = await RabbitMqTestVirtualHost.CreateAsync("grains");
        var builder = new TestClusterBuilder(1);
        builder.Properties[FixtureIdKey] = _id;
        builder.Properties[BrokerUriKey] = VirtualHost.AmqpUri.ToString();
        builder.Properties[QueuePrefixKey] = QueuePrefix;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        Fixtures.TryRemove(_id, out _);
    }

    /// <summary>How the silo runs tasks; a derived fixture may change it.</summary>
    protected virtual void ConfigureTasks(TaskExecutionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Long enough for queue gauges to observe a delivery held during the grace period.
        options.RunningStateGrace = TimeSpan.FromSeconds(1);
    }

    private static void ConfigureStream(RabbitMqStreamOptions options, IConfiguration configuration)
    {
        options.ConnectionUri = new Uri(configuration[BrokerUriKey]!);
        options.QueueCount = 2;
        options.QueueNamePrefix = configuration[QueuePrefixKey]!;
        options.QueueMetricsInterval = TimeSpan.FromMilliseconds(100);
        options.QueueType = RabbitMqQueueType.Classic;
        options.MaxDeliveryAttempts = 2;
        options.MessageIdSelector = e => e is TaskEventEnvelope envelope ? envelope.EventId.ToString() : null;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var fixture = Fixtures[siloBuilder.Configuration[FixtureIdKey]!];
            siloBuilder.AddMemoryGrainStorage(TaskStorage.Name);
            siloBuilder.AddRabbitMqStreams(
                TaskStreams.ProviderName,
                o => o.Configure(s => ConfigureStream(s, siloBuilder.Configuration)),
                stream => stream.ConfigurePullingAgent(a => a.Configure(p =>
                {
                    p.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10);

                    // Poison-message tests wait for the agent to give up on a delivery.
                    p.MaxEventDeliveryTime = TimeSpan.FromSeconds(2);
                })));
            siloBuilder.Services.AddObservatoryTasks();

            siloBuilder.Services.Configure<TaskExecutionOptions>(fixture.ConfigureTasks);
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(TaskClock.Key, fixture.Clock);
            siloBuilder.Services.AddSingleton<ITaskHandler>(new CountingTaskHandler(fixture.Executions));
            siloBuilder.Services.AddSingleton<ITaskHandler, FlakyTaskHandler>();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddRabbitMqStreams(TaskStreams.ProviderName, o => o.Configure(s => ConfigureStream(s, configuration)));
    }
}
