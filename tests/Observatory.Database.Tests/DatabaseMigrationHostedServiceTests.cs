using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Observatory.Database.Tests.Support;
using Observatory.Testing;

namespace Observatory.Database.Tests;

/// <summary>Start-up behaviour of <see cref="DatabaseMigrationHostedService"/> inside a generic host.</summary>
public sealed class DatabaseMigrationHostedServiceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_PostgresComesUpOnlyAfterTheHostStarted_RetriesThenMigrates()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("hosted-late");
        var port = FreePort.Next();
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(WithPort(database.ConnectionString, port), logs);

        var starting = host.StartAsync(Cancel);
        // Nothing listens on the port yet: wait for a failed attempt, then let "PostgreSQL" come up.
        await logs.WaitForAsync(m => m.Contains("not reachable yet", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(20), Cancel);
        Assert.False(starting.IsCompleted);
        await using (TcpForwarder.Start(port, PostgresEndpoint()))
        {
            await starting.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
            await host.StopAsync(Cancel);
        }

        Assert.Equal(new PostgresMigrator().Migrations.Count, await CountAppliedAsync(database.ConnectionString));
        Assert.Contains(logs.Messages, m => m.Contains("migrated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_PostgresNeverReachable_FailsClearlyOnceTheRetryTimeIsUp()
    {
        var connectionString = WithPort(TestEnvironment.PostgresAdminConnectionString, FreePort.Next());
        using var host = BuildHost(connectionString, configure: o =>
        {
            o.ConnectRetryTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        });
        var elapsed = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<DatabaseMigrationException>(() => host.StartAsync(Cancel));

        Assert.InRange(elapsed.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Contains("was not reachable within 00:00:01", exception.Message, StringComparison.Ordinal);
        Assert.IsType<NpgsqlException>(exception.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Start_DatabaseDoesNotExist_FailsAtOnceWithoutRetrying()
    {
        // A non-transient error; a missing database rather than a wrong password, which a server
        // with "trust" authentication would accept.
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString)
        {
            Database = "obs_test_missing_" + Guid.NewGuid().ToString("N"),
        }.ConnectionString;
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(connectionString, logs);
        var elapsed = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<PostgresException>(() => host.StartAsync(Cancel));

        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, exception.SqlState);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("not reachable yet", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", 60)]
    [InlineData("Host=127.0.0.1", -1)]
    public async Task Start_InvalidOptions_FailsValidationBeforeConnecting(string connectionString, int retrySeconds)
    {
        using var host = BuildHost(connectionString, configure: o => o.ConnectRetryTimeout = TimeSpan.FromSeconds(retrySeconds));

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Cancel));
    }

    [Fact]
    public async Task Start_RegisteredAfterAnotherHostedService_StillMigratesBeforeItStarts()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("hosted-order");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var probe = new SchemaProbe(database.ConnectionString);
        builder.Services.AddSingleton<IHostedService>(probe);
        builder.Services.AddObservatoryDatabaseMigrations(_ => database.ConnectionString);
        using var host = builder.Build();

        await host.StartAsync(Cancel);
        await host.StopAsync(Cancel);

        Assert.True(probe.SchemaExistedAtStart);
    }

    [Fact]
    public void AddObservatoryDatabaseMigrations_CalledTwice_RegistersTheServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddObservatoryDatabaseMigrations(_ => "Host=a");
        services.AddObservatoryDatabaseMigrations(_ => "Host=a");

        Assert.Single(services, d => d.ImplementationType == typeof(DatabaseMigrationHostedService));
    }

    private static IHost BuildHost(string connectionString, ILoggerProvider? logs = null, Action<DatabaseMigrationOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddObservatoryDatabaseMigrations(_ => connectionString, configure);
        return builder.Build();
    }

    private static string WithPort(string connectionString, int port) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = port }.ConnectionString;

    private static IPEndPoint PostgresEndpoint()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString);
        var address = Dns.GetHostAddresses(builder.Host!)[0];
        return new IPEndPoint(address, builder.Port);
    }

    private static async Task<long> CountAppliedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A hosted service registered first, standing in for the silo: notes whether the schema was there when it started.</summary>
    private sealed class SchemaProbe(string connectionString) : IHostedService
    {
        public bool SchemaExistedAtStart { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT to_regclass('orleans_membership') IS NOT NULL", connection);
            SchemaExistedAtStart = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
