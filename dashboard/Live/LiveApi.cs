using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Observatory.Dashboard.Live;

/// <summary>
/// <c>GET /live/events</c>: server-sent events with the task counts and active alerts first, then every
/// task event of the cluster, the statistics each second and the alerts whenever they change.
/// </summary>
public static class LiveApi
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddSingleton<LiveBrowsers>();
        services.AddSingleton<LiveTaskEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveTaskEvents>());
        services.AddSingleton<LiveClusterStatus>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveClusterStatus>());
        return services;
    }

    public static RouteHandlerBuilder MapLiveApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/live/events", Stream).RequireAuthorization().WithTags("Live");

    private static ServerSentEventsResult<object> Stream(LiveBrowsers browsers, LiveTaskEvents tasks, LiveClusterStatus status, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(Items(browsers.StreamAsync(ct => First(tasks, status, ct), cancellationToken)));

    private static async IAsyncEnumerable<LiveMessage> First(LiveTaskEvents tasks, LiveClusterStatus status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await tasks.ReadCountsAsync(cancellationToken);
        yield return await status.CurrentAlertsAsync();
    }

    private static async IAsyncEnumerable<SseItem<object>> Items(IAsyncEnumerable<LiveMessage> messages)
    {
        await foreach (var message in messages)
        {
            yield return new SseItem<object>(message.Data, message.Kind);
        }
    }
}
