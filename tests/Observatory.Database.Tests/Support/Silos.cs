using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observatory.Testing;
using Orleans.Configuration;

namespace Observatory.Database.Tests.Support;

/// <summary>Builds in-process Orleans hosts that keep their state in the test's PostgreSQL database.</summary>
public static class Silos
{
    public const string Invariant = "Npgsql";

    /// <summary>A silo using ADO.NET clustering, with its database migrated at start-up by our hosted service.</summary>
    public static IHost BuildClusteredSilo(string connectionString, string clusterId, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddObservatoryDatabaseMigrations(_ => connectionString);
        builder.UseOrleans(silo =>
        {
            var siloPort = FreePort.Next();
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "observatory-tests";
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, FreePort.Next(), listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    /// <summary>A client that finds the cluster's gateways through the ADO.NET gateway list query.</summary>
    public static IHost BuildClient(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "observatory-tests";
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
        });
        return builder.Build();
    }
}
