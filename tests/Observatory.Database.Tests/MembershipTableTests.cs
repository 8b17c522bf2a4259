using System.Diagnostics;
using Npgsql;
using Observatory.Database.Tests.Support;
using Orleans.Runtime.MembershipService;

namespace Observatory.Database.Tests;

/// <summary>
/// The clustering queries, driven through the real AdoNetClusteringTable / AdoNetGatewayListProvider
/// and, where ordering matters, by running the stored query text by hand. Every test uses a cluster
/// id of its own, so they share one migrated database.
/// </summary>
public sealed class MembershipTableTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private string ConnectionString => database.ConnectionString;

    [Fact]
    public async Task Initialize_ByTwoSilos_CreatesOneVersionRowAtZero_AndReadAllShowsNoMembers()
    {
        var clusterId = Membership.NewClusterId();
        await Membership.TableAsync(ConnectionString, clusterId);
        var table = await Membership.TableAsync(ConnectionString, clusterId);

        var data = await table.ReadAllAsync();

        Assert.Equal(0, data.Version.Version);
        Assert.Equal("0", data.Version.VersionEtag);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task InsertRow_AtTheCurrentVersion_AddsTheMemberAndBumpsTheVersion()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var entry = Membership.Entry(11001, proxyPort: 30001);

        var inserted = await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next());

        Assert.True(inserted);
        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        var (read, etag) = Assert.Single(data.Members);
        Assert.Equal("1", etag);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.HostName, read.HostName);
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal(30001, read.ProxyPort);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
    }

    [Fact]
    public async Task InsertRow_WithAStaleVersion_IsRefusedAndChangesNothing()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var stale = (await table.ReadAllAsync()).Version;
        await Membership.InsertAsync(table, Membership.Entry(11001));

        var inserted = await table.InsertRowAsync(Membership.Entry(11002), stale.Next());

        Assert.False(inserted);
        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task InsertRow_ForASiloAlreadyThere_IsRefusedAndKeepsTheVersion()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var entry = Membership.Entry(11001);
        await Membership.InsertAsync(table, entry);

        var inserted = await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next());

        Assert.False(inserted);
        Assert.Equal(1, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task ReadRow_ReturnsThatSiloOnlyWithTheTableVersion_OrJustTheVersionForAStranger()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var wanted = Membership.Entry(11001);
        await Membership.InsertAsync(table, wanted);
        await Membership.InsertAsync(table, Membership.Entry(11002));

        var row = await table.ReadRowAsync(wanted.SiloAddress);
        var stranger = await table.ReadRowAsync(Membership.Entry(11999).SiloAddress);

        Assert.Equal(wanted.SiloAddress, Assert.Single(row.Members).Item1.SiloAddress);
        Assert.Equal(2, row.Version.Version);
        Assert.Empty(stranger.Members);
        Assert.Equal(2, stranger.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_AtTheCurrentVersion_StoresStatusSuspectTimesAndIAmAlive()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var entry = Membership.Entry(11001);
        await Membership.InsertAsync(table, entry);
        var suspecter = Membership.Entry(11002).SiloAddress;
        var voteTime = Membership.UtcNow();
        entry.Status = SiloStatus.Dead;
        entry.SuspectTimes = [Tuple.Create(suspecter, voteTime)];
        entry.IAmAliveTime = voteTime.AddSeconds(1);

        await Membership.UpdateAsync(table, entry);

        var data = await table.ReadAllAsync();
        Assert.Equal(2, data.Version.Version);
        var read = Assert.Single(data.Members).Item1;
        Assert.Equal(SiloStatus.Dead, read.Status);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        var vote = Assert.Single(read.SuspectTimes!);
        Assert.Equal(suspecter, vote.Item1);
        Assert.Equal(voteTime, vote.Item2.ToUniversalTime());
    }

    [Fact]
    public async Task UpdateRow_WithAStaleVersion_IsRefusedAndChangesNothing()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var entry = Membership.Entry(11001);
        await Membership.InsertAsync(table, entry);
        var stale = (await table.ReadAllAsync()).Version;
        await Membership.InsertAsync(table, Membership.Entry(11002));

        entry.Status = SiloStatus.Dead;
        var updated = await table.UpdateRowAsync(entry, stale.VersionEtag, stale.Next());

        Assert.False(updated);
        var data = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(SiloStatus.Active, Assert.Single(data.Members).Item1.Status);
        Assert.Equal(2, data.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_ForAnUnknownSilo_IsRefusedAndKeepsTheVersion()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var version = (await table.ReadAllAsync()).Version;

        var updated = await table.UpdateRowAsync(Membership.Entry(11001), version.VersionEtag, version.Next());

        Assert.False(updated);
        Assert.Equal(0, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat_NotTheVersion()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var entry = Membership.Entry(11001);
        await Membership.InsertAsync(table, entry);
        var heartbeat = entry.IAmAliveTime.AddMinutes(1);

        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = heartbeat });

        var data = await table.ReadRowAsync(entry.SiloAddress);
        var read = Assert.Single(data.Members).Item1;
        Assert.Equal(heartbeat, read.IAmAliveTime);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task InsertRow_TwoSilosRacingWithTheSameVersion_ExactlyOneSucceedsEachRound()
    {
        var clusterId = Membership.NewClusterId();
        var first = await Membership.TableAsync(ConnectionString, clusterId);
        var second = await Membership.TableAsync(ConnectionString, clusterId);

        for (var round = 0; round < 10; round++)
        {
            var version = (await first.ReadAllAsync()).Version.Next();
            var results = await RaceAsync(
                () => first.InsertRowAsync(Membership.Entry(12000 + (2 * round)), version),
                () => second.InsertRowAsync(Membership.Entry(12001 + (2 * round)), version));

            Assert.Single(results, won => won);
            var data = await first.ReadAllAsync();
            Assert.Equal(round + 1, data.Version.Version);
            Assert.Equal(round + 1, data.Members.Count);
        }
    }

    [Fact]
    public async Task UpdateRow_TwoSilosRacingWithTheSameVersion_ExactlyOneSucceedsEachRound()
    {
        var clusterId = Membership.NewClusterId();
        var first = await Membership.TableAsync(ConnectionString, clusterId);
        var second = await Membership.TableAsync(ConnectionString, clusterId);
        var a = Membership.Entry(11001);
        var b = Membership.Entry(11002);
        await Membership.InsertAsync(first, a);
        await Membership.InsertAsync(first, b);

        for (var round = 0; round < 10; round++)
        {
            var version = (await first.ReadAllAsync()).Version;
            var results = await RaceAsync(
                () => first.UpdateRowAsync(a, version.VersionEtag, version.Next()),
                () => second.UpdateRowAsync(b, version.VersionEtag, version.Next()));

            Assert.Single(results, won => won);
            Assert.Equal(version.Version + 1, (await first.ReadAllAsync()).Version.Version);
        }
    }

    /// <summary>
    /// The race made deterministic: the first writer's transaction holds the version row when the
    /// second writer, holding the same expected version, runs the same query. Once the first commits,
    /// the second must answer false and change nothing.
    /// </summary>
    [Theory]
    [InlineData("InsertMembershipKey")]
    [InlineData("UpdateMembershipKey")]
    public async Task MembershipWrite_SecondWriterWaitingOnTheVersionRow_AnswersFalseOnceTheFirstCommits(string queryKey)
    {
        var clusterId = Membership.NewClusterId();
        var table = await Membership.TableAsync(ConnectionString, clusterId);
        var existing = Membership.Entry(11001);
        await Membership.InsertAsync(table, existing);
        var query = (await OrleansQueries.LoadAsync(ConnectionString))[queryKey];
        var (firstEntry, secondEntry) = queryKey == "InsertMembershipKey"
            ? (Membership.Entry(11002), Membership.Entry(11003))
            : (Membership.Entry(11001, SiloStatus.ShuttingDown), Membership.Entry(11001, SiloStatus.Dead));

        await using var firstConnection = new NpgsqlConnection(ConnectionString);
        await using var secondConnection = new NpgsqlConnection(ConnectionString);
        await firstConnection.OpenAsync();
        await secondConnection.OpenAsync();
        await using var transaction = await firstConnection.BeginTransactionAsync();
        await using (var firstWrite = Membership.Command(firstConnection, query, clusterId, firstEntry, version: 1, transaction: transaction))
        {
            Assert.True((bool)(await firstWrite.ExecuteScalarAsync())!);
        }

        await using var secondWrite = Membership.Command(secondConnection, query, clusterId, secondEntry, version: 1);
        var second = secondWrite.ExecuteScalarAsync();
        await WaitUntilBlockedAsync(secondConnection.ProcessID);
        await transaction.CommitAsync();

        Assert.False((bool)(await second)!);
        var data = await table.ReadAllAsync();
        Assert.Equal(2, data.Version.Version);
        if (queryKey == "InsertMembershipKey")
        {
            Assert.Contains(data.Members, m => m.Item1.SiloAddress.Equals(firstEntry.SiloAddress));
            Assert.DoesNotContain(data.Members, m => m.Item1.SiloAddress.Equals(secondEntry.SiloAddress));
        }
        else
        {
            Assert.Equal(SiloStatus.ShuttingDown, Assert.Single(data.Members).Item1.Status);
        }
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyDeadSilosSilentSinceTheCutoff()
    {
        var table = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        var (deadOld, deadRecent, activeOld) = await SeedForCleanupAsync(table);

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

        var left = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.DoesNotContain(deadOld.SiloAddress, left);
        Assert.Contains(deadRecent.SiloAddress, left);
        Assert.Contains(activeOld.SiloAddress, left);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntriesQuery_UsedByOlderProviders_RemovesOnlyDeadSilosSilentSinceTheCutoff()
    {
        var clusterId = Membership.NewClusterId();
        var table = await Membership.TableAsync(ConnectionString, clusterId);
        var (deadOld, deadRecent, activeOld) = await SeedForCleanupAsync(table);
        var query = (await OrleansQueries.LoadAsync(ConnectionString))["CleanupDefunctSiloEntriesKey"];

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = Membership.Command(connection, query, clusterId, iAmAliveTime: DateTime.UtcNow.AddHours(-1));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var left = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.DoesNotContain(deadOld.SiloAddress, left);
        Assert.Contains(deadRecent.SiloAddress, left);
        Assert.Contains(activeOld.SiloAddress, left);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntryQuery_RowChangedSinceItWasRead_IsKept()
    {
        var clusterId = Membership.NewClusterId();
        var table = await Membership.TableAsync(ConnectionString, clusterId);
        var (deadOld, _, _) = await SeedForCleanupAsync(table);
        var query = (await OrleansQueries.LoadAsync(ConnectionString))["CleanupDefunctSiloEntryKey"];
        var seen = Assert.Single((await table.ReadRowAsync(deadOld.SiloAddress)).Members).Item1;
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = seen.SiloAddress, IAmAliveTime = seen.IAmAliveTime.AddSeconds(1) });

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var stale = Membership.Command(connection, query, clusterId, seen))
        {
            Assert.Equal(0, await stale.ExecuteNonQueryAsync());
        }

        var current = Assert.Single((await table.ReadRowAsync(deadOld.SiloAddress)).Members).Item1;
        await using var fresh = Membership.Command(connection, query, clusterId, current);
        Assert.Equal(1, await fresh.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_RemovesThatClusterOnly_AndInitializeStartsItAfresh()
    {
        var doomedId = Membership.NewClusterId();
        var doomed = await Membership.TableAsync(ConnectionString, doomedId);
        var other = await Membership.TableAsync(ConnectionString, Membership.NewClusterId());
        await Membership.InsertAsync(doomed, Membership.Entry(11001));
        await Membership.InsertAsync(other, Membership.Entry(11001));

        await doomed.DeleteMembershipTableEntriesAsync(doomedId);

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT (SELECT count(*) FROM orleans_membership WHERE deployment_id = @id) + (SELECT count(*) FROM orleans_membership_version WHERE deployment_id = @id)",
                connection);
            count.Parameters.AddWithValue("id", doomedId);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }

        Assert.Single((await other.ReadAllAsync()).Members);
        var restarted = await Membership.TableAsync(ConnectionString, doomedId);
        var fresh = await restarted.ReadAllAsync();
        Assert.Equal(0, fresh.Version.Version);
        Assert.Empty(fresh.Members);
    }

    [Fact]
    public async Task GatewayList_ReturnsOnlyActiveSilosThatHaveAGateway()
    {
        var clusterId = Membership.NewClusterId();
        var table = await Membership.TableAsync(ConnectionString, clusterId);
        await Membership.InsertAsync(table, Membership.Entry(11001, SiloStatus.Active, proxyPort: 30001));
        await Membership.InsertAsync(table, Membership.Entry(11002, SiloStatus.Active, proxyPort: 0));
        await Membership.InsertAsync(table, Membership.Entry(11003, SiloStatus.Joining, proxyPort: 30003));
        var dead = Membership.Entry(11004, SiloStatus.Active, proxyPort: 30004);
        await Membership.InsertAsync(table, dead);
        dead.Status = SiloStatus.Dead;
        await Membership.UpdateAsync(table, dead);
        var gatewayList = await Membership.GatewayListAsync(ConnectionString, clusterId);

        var gateways = await gatewayList.GetGatewaysAsync();

        var gateway = Assert.Single(gateways);
        Assert.Equal(30001, gateway.Port);
        Assert.Equal("127.0.0.1", gateway.Host);
    }

    /// <summary>Rows for the cleanup tests: dead and silent for two hours, dead but heard from now, active but silent.</summary>
    private static async Task<(MembershipEntry DeadOld, MembershipEntry DeadRecent, MembershipEntry ActiveOld)> SeedForCleanupAsync(
        AdoNetClusteringTable table)
    {
        var longAgo = Membership.UtcNow().AddHours(-2);
        var deadOld = Membership.Entry(11001, startTime: longAgo.AddHours(-1), iAmAliveTime: longAgo);
        var deadRecent = Membership.Entry(11002, startTime: longAgo.AddHours(-1));
        var activeOld = Membership.Entry(11003, startTime: longAgo.AddHours(-1), iAmAliveTime: longAgo);
        foreach (var entry in new[] { deadOld, deadRecent, activeOld })
        {
            await Membership.InsertAsync(table, entry);
        }

        deadOld.Status = SiloStatus.Dead;
        await Membership.UpdateAsync(table, deadOld);
        deadRecent.Status = SiloStatus.Dead;
        await Membership.UpdateAsync(table, deadRecent);
        return (deadOld, deadRecent, activeOld);
    }

    /// <summary>Starts both writers as close together as the scheduler allows.</summary>
    private static async Task<bool[]> RaceAsync(Func<Task<bool>> first, Func<Task<bool>> second)
    {
        var start = new TaskCompletionSource();
        var writers = new[] { first, second }.Select(async write =>
        {
            await start.Task;
            return await write();
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(writers);
    }

    /// <summary>Polls (bounded) until the backend <paramref name="processId"/> waits on a lock.</summary>
    private async Task WaitUntilBlockedAsync(int processId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = @pid", connection);
        command.Parameters.AddWithValue("pid", processId);
        var deadline = Stopwatch.StartNew();
        while (!((await command.ExecuteScalarAsync()) is true))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the second writer never waited on the version row");
            await Task.Delay(20);
        }
    }
}
