using Observatory.Contracts;
using Observatory.Database;
using Observatory.Database.ReadModel;
using Observatory.Gateway.Cluster;
using Observatory.Gateway.Alerts;
using Observatory.EventArchive;
using Observatory.Gateway.Events;
using Observatory.Gateway.Http;
using Observatory.Gateway.Stats;
using Observatory.Gateway.OpenApi;
using Observatory.Gateway.Security;
using Observatory.Gateway.Tasks;
using Observatory.ServiceDefaults;
using Observatory.ServiceDefaults.Stats;
using Observatory.Tasks;
using Prometheus;

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddObservatoryDefaults("gateway");
var hotPathConnectionString = PostgresConnectionStrings.ForHotPaths(options.Postgres.ConnectionString);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = GatewayLimits.MaxRequestBodyBytes);

// The client reads cluster membership from tables the migrations create; applying them here too is
// harmless (idempotent, serialised by a lock) and lets the gateway start before any silo.
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
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TaskSubmitter>();
builder.Services.AddTaskReadModel(hotPathConnectionString);
builder.Services.AddEventArchive(hotPathConnectionString);
builder.Services.AddSingleton<TaskTypeCatalog>();
builder.Services.AddObservatoryStatsRedis(options);
builder.Services.AddSingleton(ContractSchemas.Default);
builder.Services.AddApiAccess();
builder.Services.AddApiDocumentation();
builder.Services.AddAlertsApi();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCorrelationId();
app.UseHttpMetrics();
app.UseApiAccess();
app.MapObservatoryDefaults();
app.MapApiDocumentation();
app.MapTasksApi();
app.MapTaskTypesApi();
app.MapStatsApi();
app.MapClusterApi();
app.MapAlertsApi();
app.MapEventsApi();
app.Run();
