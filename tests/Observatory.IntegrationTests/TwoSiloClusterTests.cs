using Npgsql;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>Two silo processes on one PostgreSQL membership table form one cluster and share the work.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private RabbitMqTestVirtualHost _virtualHost = null!;
    private ClusterSettings _settings = null!;
    private readonly List<ObservatoryProcess> _processes = [];
    private GatewayClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _database = await PostgresTestDatabase.CreateAsync("twosilo");
            _virtualHost = await RabbitMqTestVirtualHost.CreateAsync("twosilo");
            _settings = new ClusterSettings(_database.ConnectionString, _virtualHost.AmqpUri);

            // Started together, as a deployment would: the migration lock and membership protocol sort them out.
            var first = ObservatoryProcess.StartSilo(_settings, "silo-1", FreePort.Next(), FreePort.Next(), FreePort.Next());
            var second = ObservatoryProcess.StartSilo(_settings, "silo-2", FreePort.Next(), FreePort.Next(), FreePort.Next());
            _processes.AddRange([first, second]);
            await Task.WhenAll(first.WaitUntilReadyAsync(SingleSiloFixture.StartTimeout), second.WaitUntilReadyAsync(SingleSiloFixture.StartTimeout));
            var gateway = ObservatoryProcess.StartGateway(_settings, FreePort.Next());
            _processes.Add(gateway);
            await gateway.WaitUntilReadyAsync(SingleSiloFixture.StartTimeout);
            _client = new GatewayClient(gateway.BaseAddress);
        }
        catch
        {
            // A half-started fixture is not disposed by the runner: release what it holds.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoSiloProcesses_FormOneCluster_AndBothProcessTasks()
    {
        var active = await Eventually.ReturnsAsync(ActiveSilosAsync, n => n == 2, TimeSpan.FromSeconds(60), "two active silos in the membership table");

        // Queue ownership settles shortly after the second silo joins; submit until both silos have run tasks.
        var silos = await Eventually.ReturnsAsync(
            async () =>
            {
                var ids = new List<Guid>();
                for (var i = 0; i < 40; i++)
                {
                    ids.Add(await _client.SubmitAsync("noop"));
                }

                var ranOn = new HashSet<string>();
                foreach (var id in ids)
                {
                    var task = await Eventually.ReturnsAsync(() => _client.GetTaskAsync(id), t => t?.GetProperty("status").GetString() == "succeeded", TimeSpan.FromSeconds(60), $"task {id}");
                    ranOn.Add(task!.Value.GetProperty("silo").GetString()!);
                }

                return ranOn;
            },
            ranOn => ranOn.Count == 2,
            TimeSpan.FromSeconds(90),
            "tasks to run on both silos");

        Assert.Equal(2, active);
        Assert.Equal(["silo-1", "silo-2"], silos.Order());
    }

    private async Task<long> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(MembershipQueries.CountActiveSilos, connection);
        command.Parameters.AddWithValue("clusterId", _settings.ClusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
