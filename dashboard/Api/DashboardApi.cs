using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Observatory.Dashboard.Api;

/// <summary><c>GET /api/v1/dashboard</c>: what the UI needs besides the task API (the launcher's links).</summary>
public static class DashboardApi
{
    /// <summary>The Orleans dashboard's path on this host; the launcher always lists it.</summary>
    public const string OrleansDashboardPath = "/orleans";

    public static RouteHandlerBuilder MapDashboardApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/dashboard", Get).RequireAuthorization().WithTags("Dashboard");

    private static Ok<DashboardResource> Get(IOptions<LauncherOptions> options) =>
        TypedResults.Ok(new DashboardResource(
            [new LinkResource("Orleans dashboard", OrleansDashboardPath + "/"), .. options.Value.Links.Select(l => new LinkResource(l.Name, l.Url))]));
}

/// <summary>The <c>dashboard.json</c> contract.</summary>
public sealed record DashboardResource(IReadOnlyList<LinkResource> Links);

/// <summary>A launcher link.</summary>
public sealed record LinkResource(string Name, string Url);
