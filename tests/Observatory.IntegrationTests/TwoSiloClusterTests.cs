using Npgsql;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>Two silo processes on one PostgreSQL membership table form one cluster and share the work.</summary>
public sealed class TwoSiloClusterTests : GatewayDeploymentTest
{
    private IReadOnlyList<ObservatoryProcess> _silos = [];

    protected override string Purpose => "twosilo";

    // Both silos start at once, as a deployment would: the migration lock and the membership
    // protocol sort them out.
    protected override async Task StartSilosAsync(ObservatoryDeployment deployment) =>
        _silos = await deployment.StartSilosAsync("silo-1", "silo-2");

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
                    ids.Add(await Client.SubmitAsync("noop"));
                }

                var ranOn = new HashSet<string>();
                foreach (var id in ids)
                {
                    var task = await Eventually.ReturnsAsync(() => Client.GetTaskAsync(id), t => t?.GetProperty("status").GetString() == "succeeded", TimeSpan.FromSeconds(60), $"task {id}");
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

    [Fact]
    public async Task SiloKilledMidStream_EveryAcceptedTaskStillSucceeds_OnTheSurvivor()
    {
        await Eventually.ReturnsAsync(ActiveSilosAsync, n => n == 2, TimeSpan.FromSeconds(60), "two active silos");
        var ids = new List<Guid>();
        for (var i = 0; i < 150; i++)
        {
            ids.Add(await Client.SubmitAsync("sleep", """{"durationMs":200}"""));
        }

        // kill -9: no graceful hand-over; its unacked messages must come back from the broker.
        _silos[1].Kill();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await Client.SubmitAsync("noop"));
        }

        var lastSilo = new Dictionary<Guid, string>();
        foreach (var id in ids)
        {
            var task = await Eventually.ReturnsAsync(
                () => Client.GetTaskThroughFailoverAsync(id),
                t => t?.GetProperty("status").GetString() == "succeeded",
                TimeSpan.FromSeconds(180),
                $"task {id} to succeed after the kill");
            lastSilo[id] = task!.Value.GetProperty("silo").GetString()!;
        }

        Assert.Equal(200, lastSilo.Count);
        Assert.Contains("silo-1", lastSilo.Values);
    }

    private async Task<long> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(Deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(MembershipQueries.CountActiveSilos, connection);
        command.Parameters.AddWithValue("clusterId", Deployment.Settings.ClusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
