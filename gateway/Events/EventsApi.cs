using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.EventArchive;
using Observatory.Gateway.Http;
using Observatory.Gateway.Security;
using Observatory.Tasks;

namespace Observatory.Gateway.Events;

/// <summary><c>GET /api/v1/events</c>: the lifecycle event archive, newest first, with keyset paging.</summary>
public static partial class EventsApi
{
    public const string Prefix = "/api/v1/events";

    private const int DefaultLimit = 50;

    private static readonly string[] EventTypes =
    [
        TaskEventTypes.Submitted, TaskEventTypes.Scheduled, TaskEventTypes.Started, TaskEventTypes.AttemptFailed,
        TaskEventTypes.RetryScheduled, TaskEventTypes.Succeeded, TaskEventTypes.DeadLettered, TaskEventTypes.Cancelled,
    ];

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Events");
        group.MapGet("/", ListAsync).WithName("ListEvents").RequireScope(ApiScopes.Read);
        return group;
    }

    /// <summary>
    /// One page of archived events, filtered by task and/or event type; <c>before</c> is the
    /// previous page's <c>nextCursor</c>. Events are archived a batch interval (≈250 ms) after they
    /// happen, so a task's latest transition may take that long to appear.
    /// </summary>
    internal static async Task<Results<Ok<EventPageResource>, ProblemHttpResult>> ListAsync(
        HttpContext context, IEventArchive archive, ILogger<EventPageResource> logger,
        string? taskId, string? eventType, string? before, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? task = null;
        if (taskId is not null)
        {
            if (Guid.TryParse(taskId, out var parsed))
            {
                task = parsed;
            }
            else
            {
                errors["taskId"] = ["taskId must be a task id (a UUID)."];
            }
        }

        if (eventType is not null && !EventTypes.Contains(eventType, StringComparer.Ordinal))
        {
            errors["eventType"] = [$"Unknown event type '{eventType}'. Known: {string.Join(", ", EventTypes)}."];
        }

        ArchiveCursor? cursor = null;
        if (before is not null)
        {
            if (ArchiveCursor.TryDecode(before, out var decoded))
            {
                cursor = decoded;
            }
            else
            {
                errors["before"] = ["before must be a nextCursor this API returned."];
            }
        }

        var pageSize = QueryParameters.ReadLimit(limit, DefaultLimit, ArchivedEventQuery.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return QueryParameters.Invalid(context, errors);
        }

        try
        {
            var page = await archive.QueryAsync(
                new ArchivedEventQuery { TaskId = task, EventType = eventType, Before = cursor, Limit = pageSize }, cancellationToken);
            return TypedResults.Ok(new EventPageResource(page.Items, page.NextCursor?.Encode()));
        }
        catch (EventArchiveUnavailableException exception)
        {
            LogArchiveUnavailable(logger, archive.Backend, exception);
            context.Response.Headers.RetryAfter = "5";
            return Problems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.ArchiveUnavailable,
                "The event archive is not available.", $"The archive's {archive.Backend} backend did not answer. Retry later; task processing is not affected.");
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Event archive query failed: {Backend} did not answer")]
    private static partial void LogArchiveUnavailable(ILogger logger, string backend, Exception exception);
}

/// <summary>The <c>event-page.json</c> contract: archived events, newest first, and the cursor of the next (older) page.</summary>
public sealed record EventPageResource(IReadOnlyList<ArchivedEvent> Items, string? NextCursor);
