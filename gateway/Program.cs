using Observatory.Gateway;
using Observatory.Gateway.Cluster;
using Observatory.Gateway.Http;
using Observatory.Gateway.OpenApi;
using Observatory.Gateway.Security;
using Observatory.Gateway.Tasks;
using Observatory.ServiceDefaults;
using Prometheus;

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddObservatoryDefaults("gateway");
builder.AddTaskApiHost(options);
builder.Services.AddApiAccess();
builder.Services.AddApiDocumentation();

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
app.MapClusterApi();
app.Run();
