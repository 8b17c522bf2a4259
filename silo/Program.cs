using System.Net;
using Observatory.Database;
using Observatory.Database.ReadModel;
using Observatory.Grains;
using Observatory.Grains.Stats;
using Observatory.Grains.Live;
using Observatory.Grains.Tasks;
using Observatory.ServiceDefaults;
using Observatory.Silo;
using Observatory.Silo.Metrics;
using Observatory.Silo.Archive;
using Observatory.Silo.Storage;
using Observatory.Silo.Tasks;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;
using Orleans.Configuration;
using Orleans.Dashboard;
using Prometheus;

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddObservatoryDefaults("silo");
var hotPathConnectionString = PostgresConnectionStrings.ForHotPaths(options.Postgres.ConnectionString);
var endpoints = builder.Configuration.GetSection(SiloEndpointOptions.SectionName).Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
builder.Services.AddOptions<SiloEndpointOptions>().BindConfiguration(SiloEndpointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<TaskExecutionOptions>().BindConfiguration(TaskExecutionOptions.SectionName);
builder.Services.AddObservatoryTasks();
builder.Services.AddObservatoryStats(options);
builder.Services.AddTaskEventForwarding();
builder.Services.AddTaskReadModel(hotPathConnectionString);
builder.Services.AddOptions<DueTaskPollerOptions>().BindConfiguration(DueTaskPollerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddHostedService<DueTaskPoller>();
builder.Services.AddSiloMetrics();
builder.Services.AddEventArchiveWriter(hotPathConnectionString);

// Registered before Orleans so the schema is in place before the silo joins the cluster.
builder.Services.AddObservatoryDatabaseMigrations(_ => options.Postgres.ConnectionString);
builder.UseOrleans(silo =>
{
    silo.Services.ConfigureCluster(options);
    if (!string.IsNullOrWhiteSpace(endpoints.Name))
    {
        silo.Configure<SiloOptions>(o => o.SiloName = endpoints.Name);
    }

    silo.ConfigureEndpoints(IPAddress.Parse(endpoints.AdvertisedIp), endpoints.SiloPort, endpoints.GatewayPort, endpoints.ListenOnAnyHostAddress);
    silo.AddDashboard(); // the grains behind the Orleans dashboard the dashboard app serves at /orleans
    silo.UseAdoNetClustering(adoNet =>
    {
        adoNet.Invariant = "Npgsql";
        adoNet.ConnectionString = hotPathConnectionString;
    });
    silo.AddAdoNetGrainStorage(TaskStorage.Name, adoNet =>
    {
        adoNet.Invariant = "Npgsql";
        adoNet.ConnectionString = hotPathConnectionString;
        adoNet.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer();
    });
    silo.AddRabbitMqStreams(
        TaskStreams.ProviderName,
        stream => ObservatoryServiceDefaults.ConfigureTaskStream(stream, options),
        stream => stream.ConfigurePullingAgent(agent => agent.Configure(pulling =>
        {
            // Poll the local buffer often: the broker already pushed the messages, waiting only adds latency.
            pulling.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20);

            // A task's stream carries a handful of events within seconds; the default 30 minutes kept
            // every finished task's consumer and cache cursor in memory for half an hour.
            pulling.StreamInactivityPeriod = TimeSpan.FromMinutes(2);
        })));
});

builder.Services.AddHealthChecks().AddCheck<RabbitMqStreamHealthCheck>("task-stream-receivers", tags: [ObservatoryServiceDefaults.ReadyTag]);

var app = builder.Build();
app.UseHttpMetrics();
app.MapObservatoryDefaults();
app.MapEventArchiveHealth();
app.Run();
