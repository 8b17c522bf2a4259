using Observatory.Contracts;
using Observatory.Database;
using Observatory.Database.ReadModel;
using Observatory.Gateway.Http;
using Observatory.Gateway.Tasks;
using Observatory.ServiceDefaults;
using Observatory.Tasks;

namespace Observatory.Gateway;

/// <summary>
/// What every process that serves the task API needs, the gateway and the dashboard alike: the Orleans
/// client of the cluster (ADO.NET membership, the task stream provider for submissions) and the
/// services behind the endpoints.
/// </summary>
public static class TaskApiHosting
{
    /// <summary>Adds the cluster client and the task API's services; <paramref name="configureClient"/> adds to the client.</summary>
    public static void AddTaskApiHost(this WebApplicationBuilder builder, ObservatoryOptions options, Action<IClientBuilder>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var hotPathConnectionString = PostgresConnectionStrings.ForHotPaths(options.Postgres.ConnectionString);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = GatewayLimits.MaxRequestBodyBytes);

        // The client reads cluster membership from tables the migrations create; applying them here too is
        // harmless (idempotent, serialised by a lock) and lets the process start before any silo.
        builder.Services.AddObservatoryDatabaseMigrations(_ => options.Postgres.ConnectionString);
        builder.UseOrleansClient(client =>
        {
            client.Services.ConfigureCluster(options);
            client.UseAdoNetClustering(adoNet =>
            {
                adoNet.Invariant = "Npgsql";
                adoNet.ConnectionString = hotPathConnectionString;
            });
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
            client.AddRabbitMqStreams(TaskStreams.ProviderName, stream => ObservatoryServiceDefaults.ConfigureTaskStream(stream, options));
            configureClient?.Invoke(client);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TaskSubmitter>();
        builder.Services.AddTaskReadModel(hotPathConnectionString);
        builder.Services.AddSingleton<TaskTypeCatalog>();
        builder.Services.AddSingleton(ContractSchemas.Default);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
    }
}
