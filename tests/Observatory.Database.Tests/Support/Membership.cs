using System.Data;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Observatory.Database.Tests.Support;

/// <summary>Builds the real ADO.NET membership objects and membership rows, and runs the stored queries by hand.</summary>
public static class Membership
{
    private static readonly IServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    public static string NewClusterId() => "cluster-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The silo-side provider, as Orleans creates it, for <paramref name="clusterId"/>.</summary>
    public static async Task<AdoNetClusteringTable> TableAsync(string connectionString, string clusterId, bool createVersionRow = true)
    {
        var table = new AdoNetClusteringTable(
            _services,
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = Silos.Invariant, ConnectionString = connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(createVersionRow);
        return table;
    }

    /// <summary>The client-side provider, as Orleans creates it, for <paramref name="clusterId"/>.</summary>
    public static async Task<AdoNetGatewayListProvider> GatewayListAsync(string connectionString, string clusterId)
    {
        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            _services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = Silos.Invariant, ConnectionString = connectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }));
        await provider.InitializeGatewayListProviderAsync();
        return provider;
    }

    /// <summary>Now, cut to whole milliseconds so values survive PostgreSQL's microsecond precision unchanged.</summary>
    public static DateTime UtcNow()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Active, int proxyPort = 0, DateTime? startTime = null, DateTime? iAmAliveTime = null)
    {
        var now = UtcNow();
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 1),
            SiloName = $"silo-{port}",
            HostName = "test-host",
            Status = status,
            ProxyPort = proxyPort,
            StartTime = startTime ?? now,
            IAmAliveTime = iAmAliveTime ?? now,
        };
    }

    /// <summary>Inserts <paramref name="entry"/> at the current table version; fails the test if that is refused.</summary>
    public static async Task InsertAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(entry, data.Version.Next()), $"inserting {entry.SiloAddress} was refused");
    }

    /// <summary>Writes <paramref name="entry"/> over its row at the current table version; fails the test if refused.</summary>
    public static async Task UpdateAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync();
        Assert.True(await table.UpdateRowAsync(entry, data.Version.VersionEtag, data.Version.Next()), $"updating {entry.SiloAddress} was refused");
    }

    /// <summary>
    /// A command for one stored query, with parameters of the names and DbTypes the provider uses:
    /// Address as AnsiString, times as DbType.DateTime (UTC), the rest by their .NET type.
    /// </summary>
    public static NpgsqlCommand Command(
        NpgsqlConnection connection,
        string queryText,
        string clusterId,
        MembershipEntry? entry = null,
        int? version = null,
        DateTime? iAmAliveTime = null,
        NpgsqlTransaction? transaction = null)
    {
        var command = new NpgsqlCommand(queryText, connection, transaction);
        Add(command, "DeploymentId", clusterId, DbType.String);
        if (entry is not null)
        {
            Add(command, "Address", entry.SiloAddress.Endpoint.Address.ToString(), DbType.AnsiString);
            Add(command, "Port", entry.SiloAddress.Endpoint.Port, DbType.Int32);
            Add(command, "Generation", entry.SiloAddress.Generation, DbType.Int32);
            Add(command, "SiloName", entry.SiloName, DbType.String);
            Add(command, "HostName", entry.HostName, DbType.String);
            Add(command, "Status", (int)entry.Status, DbType.Int32);
            Add(command, "ProxyPort", entry.ProxyPort, DbType.Int32);
            Add(command, "StartTime", entry.StartTime, DbType.DateTime);
            Add(command, "SuspectTimes", SuspectTimesText(entry), DbType.String);
        }

        if (entry is not null || iAmAliveTime is not null)
        {
            Add(command, "IAmAliveTime", iAmAliveTime ?? entry!.IAmAliveTime, DbType.DateTime);
        }

        if (version is not null)
        {
            Add(command, "Version", version.Value, DbType.Int32);
        }

        return command;
    }

    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, string clusterId)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM orleans_membership_version WHERE deployment_id = @id", connection);
        command.Parameters.AddWithValue("id", clusterId);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static string? SuspectTimesText(MembershipEntry entry) =>
        entry.SuspectTimes is null
            ? null
            : string.Join("|", entry.SuspectTimes.Select(s => $"{s.Item1.ToParsableString()},{LogFormatter.PrintDate(s.Item2)}"));

    private static void Add(NpgsqlCommand command, string name, object? value, DbType type) =>
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
}
