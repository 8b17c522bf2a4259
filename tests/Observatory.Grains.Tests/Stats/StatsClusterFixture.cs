using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Observatory.Database;
using Observatory.Database.ReadModel;
using Observatory.Grains.Stats;
using Observatory.ServiceDefaults;
using Observatory.Testing;
using Orleans.TestingHost;

namespace Observatory.Grains.Tests.Stats;

/// <summary>
/// A two-silo test cluster for the statistics: the real read model on a database of its own, the
/// real Redis under a key prefix of its own, and a fake clock, which also keeps the silos' own
/// reporters silent (their timers never fire), so each test sends exactly the snapshots it means.
/// </summary>
public sealed class StatsClusterFixture : IAsyncLifetime
{
    private const string FixtureIdKey = "Test:StatsFixtureId";
    private static readonly ConcurrentDictionary<string, StatsClusterFixture> Fixtures = new();
    private readonly string _id = Guid.NewGuid().ToString("N");

    public TestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(FeedEvents.Epoch);

    public PostgresTestDatabase Database { get; private set; } = null!;

    public RedisTestKeys Redis { get; private set; } = null!;

    public ObservatoryOptions Options { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Fixtures[_id] = this;
        Database = await PostgresTestDatabase.CreateAsync("stats");
        Redis = await RedisTestKeys.CreateAsync("stats");
        Options.ServiceId = "stats-tests";
        Options.Postgres.ConnectionString = Database.ConnectionString;
        Options.Redis.ConnectionString = TestEnvironment.RedisConnectionString;
        Options.Stats.KeyPrefix = Redis.Prefix;
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = Options.ServiceId;
        builder.Properties[FixtureIdKey] = _id;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
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

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Fixtures.TryRemove(_id, out _);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var fixture = Fixtures[siloBuilder.Configuration[FixtureIdKey]!];
            var services = siloBuilder.Services;
            services.AddSingleton<TimeProvider>(fixture.Clock);
            services.AddOptions<ObservatoryOptions>().Configure(o =>
            {
                o.ServiceId = fixture.Options.ServiceId;
                o.Postgres = fixture.Options.Postgres;
                o.Redis = fixture.Options.Redis;
                o.Stats = fixture.Options.Stats;
            });
            services.AddObservatoryDatabaseMigrations(_ => fixture.Database.ConnectionString);
            services.AddTaskReadModel(fixture.Database.ConnectionString);
            services.AddObservatoryTasks();
            services.AddObservatoryStats(fixture.Options);
        }
    }
}
