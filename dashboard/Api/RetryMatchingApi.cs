using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Observatory.Database.ReadModel;
using Observatory.Gateway.Http;
using Observatory.Gateway.Security;
using Observatory.Tasks;
using Orleans.Configuration;

namespace Observatory.Dashboard.Api;

/// <summary>
/// <c>POST /api/v1/tasks/retry-matching</c>: retries every failed, dead-lettered or cancelled task that
/// matches the filters, up to <see cref="MaxTasks"/>, in one request: the browser sends one call, the
/// server pages the read model and asks each task grain, a bounded number at a time.
/// </summary>
public static class RetryMatchingApi
{
    public const int MaxTasks = 1_000;
    private const int Parallelism = 16;

    public static RouteHandlerBuilder MapRetryMatchingApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/v1/tasks/retry-matching", RetryAsync).WithTags("Tasks").RequireScope(ApiScopes.Write);

    private static async Task<Results<Ok<RetryMatchingResult>, ProblemHttpResult>> RetryAsync(
        HttpContext context, RetryMatchingRequest request, TaskReadModel readModel, IClusterClient client, IOptions<ClusterOptions> cluster, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TaskStateExtensions.TryParseContractName(request.Status ?? "", out var status) || status is not (TaskState.Failed or TaskState.DeadLettered or TaskState.Cancelled))
        {
            errors["status"] = ["status must be failed, dead-lettered or cancelled."];
        }

        if (request.Limit is < 1 or > MaxTasks)
        {
            errors["limit"] = [$"limit must be from 1 to {MaxTasks}."];
        }

        if (request.Type is { Length: 0 or > 64 } || request.Tag is { Length: 0 or > 64 })
        {
            errors["filter"] = ["type and tag must be 1 to 64 characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(context, "The retry request is not valid.", errors);
        }

        var limit = request.Limit ?? MaxTasks;
        var ids = new List<Guid>();
        Guid? cursor = null;
        do
        {
            var page = await readModel.ListAsync(
                new TaskQuery(cluster.Value.ServiceId, request.Status, request.Type, request.Tag, request.From, request.To, cursor, Math.Min(TaskQuery.MaxLimit, limit - ids.Count)),
                cancellationToken);
            ids.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null && ids.Count < limit);

        var retried = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, _) =>
        {
            var result = await client.GetGrain<ITaskGrain>(id).RetryAsync();
            if (result.Outcome == TaskCommandOutcome.Done)
            {
                Interlocked.Increment(ref retried);
            }
        });
        return TypedResults.Ok(new RetryMatchingResult(ids.Count, retried, ids.Count - retried, ids.Count == limit && cursor is not null));
    }
}

/// <summary>Which tasks to retry; <c>limit</c> defaults to <see cref="RetryMatchingApi.MaxTasks"/>.</summary>
public sealed record RetryMatchingRequest(string? Status, string? Type, string? Tag, DateTimeOffset? From, DateTimeOffset? To, int? Limit);

/// <summary>
/// The <c>retry-matching-result.json</c> contract: tasks found, retried, skipped (their state changed
/// meanwhile) and whether more matched than the limit allowed.
/// </summary>
public sealed record RetryMatchingResult(int Matched, int Retried, int Skipped, bool MoreMatched);
