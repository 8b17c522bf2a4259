using Observatory.Contracts;
using Observatory.Dashboard.Api;
using Observatory.Dashboard.Auth;
using Observatory.Dashboard.Live;
using Observatory.Database;
using Observatory.Database.ReadModel;
using Observatory.Gateway.Cluster;
using Observatory.Gateway.Http;
using Observatory.Gateway.Tasks;
using Observatory.ServiceDefaults;
using Observatory.Tasks;
using Orleans.Dashboard;
using Prometheus;

if (args is ["hash-password"])
{
    // scripts/up.sh keeps only this hash in the dashboard's configuration, never the password.
    Console.WriteLine(PasswordHash.Create(Console.In.ReadLine() ?? ""));
    return;
}

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddObservatoryDefaults("dashboard");
var hotPathConnectionString = PostgresConnectionStrings.ForHotPaths(options.Postgres.ConnectionString);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = GatewayLimits.MaxRequestBodyBytes);
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
    client.AddDashboard();
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TaskSubmitter>();
builder.Services.AddTaskReadModel(hotPathConnectionString);
builder.Services.AddSingleton<TaskTypeCatalog>();
builder.Services.AddSingleton(ContractSchemas.Default);
builder.Services.AddSingleton<LiveTaskEvents>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveTaskEvents>());
builder.Services.AddOptions<LauncherOptions>().BindConfiguration(LauncherOptions.SectionName);
builder.Services.AddDashboardAuth();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCorrelationId();
app.UseHttpMetrics();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapObservatoryDefaults();
app.MapDashboardAuth();
app.MapLiveApi();
app.MapDashboardApi();

// The task API the gateway serves, here behind the signed-in user and antiforgery tokens.
var api = app.MapGroup("").RequireAntiforgeryOnPost();
api.MapTasksApi();
api.MapTaskTypesApi();
api.MapClusterApi();
api.MapRetryMatchingApi();
app.MapOrleansDashboard(DashboardApi.OrleansDashboardPath).RequireAuthorization();
app.Run();
