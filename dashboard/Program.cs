using Observatory.Gateway;
using Observatory.Dashboard.Api;
using Observatory.Dashboard.Auth;
using Observatory.Dashboard.Live;
using Observatory.Gateway.Cluster;
using Observatory.Gateway.Http;
using Observatory.Gateway.Stats;
using Observatory.Gateway.Tasks;
using Observatory.ServiceDefaults;
using Observatory.ServiceDefaults.Stats;
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
builder.AddTaskApiHost(options, client => client.AddDashboard());
builder.Services.AddObservatoryStatsRedis(options);
builder.Services.AddLiveUpdates();
builder.Services.AddOptions<LauncherOptions>().BindConfiguration(LauncherOptions.SectionName);
builder.Services.AddDashboardAuth();
builder.Services.AddSharedKeyRing(options);

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
api.MapStatsApi();
api.MapRetryMatchingApi();
app.MapOrleansDashboard(DashboardApi.OrleansDashboardPath).RequireAuthorization();
app.Run();
