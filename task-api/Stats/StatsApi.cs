using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Gateway.Http;
using Observatory.Gateway.Security;
using Observatory.ServiceDefaults.Stats;
using Observatory.Stats;
using StackExchange.Redis;

namespace Observatory.Gateway.Stats;

/// <summary>The statistics endpoints: live figures from the cluster stats grain, history from Redis.</summary>
public static partial class StatsApi
{
    public const string Prefix = "/api/v1/stats";
    public const string DefaultWindow = "15m";

    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Stats");
        group.MapGet("/", GetAsync).WithName("GetStats").RequireScope(ApiScopes.Read);
        group.MapGet("/history", HistoryAsync).WithName("GetStatsHistory").RequireScope(ApiScopes.Read);
        return group;
    }

    /// <summary>The merged live statistics; never touches Redis, so it answers while Redis is down.</summary>
    internal static async Task<Ok<ClusterStats>> GetAsync(IClusterClient client) =>
        TypedResults.Ok(await client.GetGrain<IClusterStatsGrain>(IClusterStatsGrain.Key).GetAsync());

    /// <summary>One window of the history series; <c>503</c> while Redis does not answer.</summary>
    internal static async Task<Results<Ok<StatsHistory>, ProblemHttpResult>> HistoryAsync(
        HttpContext context, StatsHistoryReader reader, TimeProvider time, ILogger<StatsHistoryReader> logger, string? window)
    {
        if (!StatsWindow.TryParse(window ?? DefaultWindow, out var parsed))
        {
            var errors = new Dictionary<string, string[]>
            {
                ["window"] = [$"Unknown window '{window}'. Known: {string.Join(", ", StatsWindow.All.Select(w => w.Name))}."],
            };
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "The query is not valid.", "See errors.",
                new Dictionary<string, object?> { ["errors"] = errors });
        }

        try
        {
            return TypedResults.Ok(await reader.ReadAsync(parsed, time.GetUtcNow()));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogHistoryUnavailable(logger, exception);
            context.Response.Headers.RetryAfter = "5";
            return Problems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.StatsHistoryUnavailable, "The statistics history is unavailable.",
                "Redis, which holds the history, does not answer. Live statistics stay available at " + Prefix + ".");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics history read failed: Redis does not answer.")]
    private static partial void LogHistoryUnavailable(ILogger logger, Exception exception);
}
