using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Observatory.Grains.Events;
using Observatory.Grains.Live;
using Orleans.TestingHost;

namespace Observatory.Grains.Tests;

/// <summary>
/// Two in-memory silos that forward their task event feeds to the live event hub on a fake clock,
/// so a test decides when each forwarding interval passes. No broker: tests publish straight onto
/// each silo's feed, as its task grains would.
/// </summary>
public sealed class LiveEventsClusterFixture : IAsyncLifetime
{
    public const int MaxBatchSize = 100;
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const string FixtureIdKey = "Test:FixtureId";
    private static readonly ConcurrentDictionary<string, LiveEventsClusterFixture> Fixtures = new();
    private readonly string _id = Guid.NewGuid().ToString("N");

    public TestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask InitializeAsync()
    {
        Fixtures[_id] = this;
        var builder = new TestClusterBuilder(2);
        builder.Properties[FixtureIdKey] = _id;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The in-process feed of the silo at <paramref name="index"/>.</summary>
    public TaskEventFeed FeedOf(int index) =>
        ((InProcessSiloHandle)Cluster.Silos[index]).SiloHost.Services.GetRequiredService<TaskEventFeed>();

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        Fixtures.TryRemove(_id, out _);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var fixture = Fixtures[siloBuilder.Configuration[FixtureIdKey]!];
            siloBuilder.Services.AddSingleton<TimeProvider>(fixture.Clock);
            siloBuilder.Services.AddSingleton<TaskEventFeed>();
            siloBuilder.Services.AddTaskEventForwarding();
            siloBuilder.Services.Configure<TaskEventForwarderOptions>(o =>
            {
                o.Interval = Interval;
                o.MaxBatchSize = MaxBatchSize;
            });
        }
    }
}
