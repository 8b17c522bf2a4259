using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Observatory.Database.Tests.Support;

namespace Observatory.Database.Tests;

/// <summary>Real silos and a real client clustering through our tables and queries.</summary>
public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoSilos_SharingTheTables_FormOneCluster()
    {
        var hosts = await cluster.SiloA.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Equal(2, hosts.Count);
        var rows = await ReadRowsAsync();
        Assert.Equal(2, rows.Count(r => r.Status == (int)SiloStatus.Active));
    }

    [Fact]
    public async Task Client_FindsTheGatewaysThroughTheGatewayQuery_AndReachesTheCluster()
    {
        var gatewayList = await Membership.GatewayListAsync(cluster.ConnectionString, cluster.ClusterId);

        var gateways = await gatewayList.GetGatewaysAsync();
        var hosts = await cluster.Client.Services.GetRequiredService<IClusterClient>()
            .GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Equal(2, gateways.Count);
        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task Silos_KeepPublishingIAmAlive()
    {
        var before = (await ReadRowsAsync()).Where(r => r.Status == (int)SiloStatus.Active).ToDictionary(r => r.Port, r => r.IAmAlive);

        await WaitUntilAsync(async () =>
        {
            var now = await ReadRowsAsync();
            return before.All(b => now.Any(r => r.Port == b.Key && r.IAmAlive > b.Value));
        });
    }

    [Fact]
    public async Task ThirdSilo_StoppedGracefully_IsMarkedDead_LeavesTheGatewayList_AndIsCleanedUpLater()
    {
        var third = cluster.BuildSilo();
        await third.StartAsync(TestContext.Current.CancellationToken);
        var management = cluster.SiloA.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 3);

        await third.StopAsync(TestContext.Current.CancellationToken);
        third.Dispose();

        var rows = await ReadRowsAsync();
        Assert.Equal(2, rows.Count(r => r.Status == (int)SiloStatus.Active));
        Assert.Single(rows, r => r.Status == (int)SiloStatus.Dead);
        var gatewayList = await Membership.GatewayListAsync(cluster.ConnectionString, cluster.ClusterId);
        Assert.Equal(2, (await gatewayList.GetGatewaysAsync()).Count);

        // As the cleanup agent would, once the dead silo is old enough (a cutoff in the future makes it so now).
        var table = await Membership.TableAsync(cluster.ConnectionString, cluster.ClusterId, createVersionRow: false);
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        rows = await ReadRowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((int)SiloStatus.Active, r.Status));
    }

    private async Task<List<(int Port, int Status, DateTime IAmAlive)>> ReadRowsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port, status, iamalive_time FROM orleans_membership WHERE deployment_id = @id", connection);
        command.Parameters.AddWithValue("id", cluster.ClusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int, DateTime)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetDateTime(2)));
        }

        return rows;
    }

    /// <summary>Bounded polling: a live cluster changes on its own schedule.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(elapsed.Elapsed < _patience, $"condition not met within {_patience}");
            await Task.Delay(100);
        }
    }
}
