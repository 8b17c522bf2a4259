
namespace Observatory.Testing.Deployment;

/// <summary>
/// One test deployment: its own database, its own virtual host (or a given broker), a unique cluster
/// id, and the silo, gateway and dashboard processes started for it. Disposing it stops the processes and
/// removes the database and virtual host.
/// </summary>
public sealed class ObservatoryDeployment : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ObservatoryProcess> _processes = [];
    private readonly RabbitMqTestVirtualHost? _virtualHost;

    private ObservatoryDeployment(PostgresTestDatabase database, RabbitMqTestVirtualHost? virtualHost, ClusterSettings settings)
    {
        Database = database;
        _virtualHost = virtualHost;
        Settings = settings;
    }

    public PostgresTestDatabase Database { get; }

    public ClusterSettings Settings { get; }

    /// <summary>
    /// Creates the deployment's database and broker space, then runs <paramref name="start"/>; if
    /// anything fails, everything created so far is removed before the exception propagates.
    /// </summary>
    public static async Task<ObservatoryDeployment> CreateAsync(
        string purpose, Func<ObservatoryDeployment, Task> start, Uri? brokerUri = null, int queueCount = 8, string? redisConnectionString = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        var database = await PostgresTestDatabase.CreateAsync(purpose);
        RabbitMqTestVirtualHost? virtualHost = null;
        ObservatoryDeployment? deployment = null;
        try
        {
            if (brokerUri is null)
            {
                virtualHost = await RabbitMqTestVirtualHost.CreateAsync(purpose);
            }

            var settings = new ClusterSettings(database.ConnectionString, brokerUri ?? virtualHost!.AmqpUri, queueCount)
            {
                RedisConnectionString = redisConnectionString ?? TestEnvironment.RedisConnectionString,
                Overrides = overrides ?? new Dictionary<string, string>(),
            };
            deployment = new ObservatoryDeployment(database, virtualHost, settings);
            await start(deployment);
            return deployment;
        }
        catch
        {
            if (deployment is not null)
            {
                await deployment.DisposeAsync();
            }
            else
            {
                if (virtualHost is not null)
                {
                    await virtualHost.DisposeAsync();
                }

                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Starts silos together, as a deployment would, and waits until all are ready.</summary>
    public async Task<IReadOnlyList<ObservatoryProcess>> StartSilosAsync(params string[] names)
    {
        var silos = names.Select(name => Track(ObservatoryProcess.StartSilo(Settings, name, FreePort.Next(), FreePort.Next(), FreePort.Next()))).ToList();
        await Task.WhenAll(silos.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
        return silos;
    }

    /// <summary>Starts a silo and waits only until it serves HTTP, for tests whose dependencies are down on purpose.</summary>
    public async Task<ObservatoryProcess> StartSiloWithoutWaitingForDependenciesAsync(string name)
    {
        var silo = Track(ObservatoryProcess.StartSilo(Settings, name, FreePort.Next(), FreePort.Next(), FreePort.Next()));
        await silo.WaitUntilAliveAsync(StartTimeout);
        return silo;
    }

    /// <summary>Starts a gateway, with <paramref name="environment"/> added to the cluster's settings, and waits until it is ready.</summary>
    public async Task<ObservatoryProcess> StartGatewayAsync(IDictionary<string, string>? environment = null)
    {
        var gateway = Track(ObservatoryProcess.StartGateway(Settings, FreePort.Next(), environment));
        await gateway.WaitUntilReadyAsync(StartTimeout);
        return gateway;
    }

    /// <summary>How many silos the membership table lists as active for this deployment's cluster.</summary>
    public async Task<long> CountActiveSilosAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(MembershipQueries.CountActiveSilos, connection);
        command.Parameters.AddWithValue("clusterId", Settings.ClusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Starts a dashboard signed in to by <paramref name="userName"/> with <paramref name="password"/>, with
    /// <paramref name="environment"/> added to the cluster's settings, and waits until it is ready.
    /// </summary>
    public async Task<ObservatoryProcess> StartDashboardAsync(string userName, string password, IDictionary<string, string>? environment = null)
    {
        var hash = await ObservatoryProcess.HashDashboardPasswordAsync(password);
        var dashboard = Track(ObservatoryProcess.StartDashboard(Settings, FreePort.Next(), new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Observatory__Dashboard__User__Name"] = userName,
            ["Observatory__Dashboard__User__PasswordHash"] = hash,
        }));
        await dashboard.WaitUntilReadyAsync(StartTimeout);
        return dashboard;
    }

    /// <summary>Stops a process with SIGTERM, as Kubernetes or scripts/down.sh would.</summary>
    public async Task StopAsync(ObservatoryProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        await process.StopAsync(TimeSpan.FromSeconds(60));
        _processes.Remove(process);
        await process.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
        }

        await Database.DisposeAsync();
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString);
        await RedisTestKeys.DeleteAsync(redis, Settings.StatsKeyPrefix);
    }

    private ObservatoryProcess Track(ObservatoryProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
