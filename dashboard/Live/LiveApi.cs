using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Observatory.Dashboard.Live;

/// <summary><c>GET /live/events</c>: server-sent events with task counts and every task event of the cluster.</summary>
public static class LiveApi
{
    public static RouteHandlerBuilder MapLiveApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/live/events", Stream).RequireAuthorization().WithTags("Live");

    private static ServerSentEventsResult<object> Stream(LiveTaskEvents live, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(Items(live, cancellationToken));

    private static async IAsyncEnumerable<SseItem<object>> Items(LiveTaskEvents live, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in live.StreamAsync(cancellationToken))
        {
            yield return new SseItem<object>(message.Data, message.Kind);
        }
    }
}
