using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Gateway.Http;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

public static partial class TasksApi
{
    internal static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, IClusterClient client, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var grain = client.GetGrain<ITaskGrain>(id);
        var snapshot = await grain.GetAsync();
        if (snapshot is null && AcceptedTaskVisibility.IsRecentlyMinted(id, timeProvider.GetUtcNow()))
        {
            snapshot = await AcceptedTaskVisibility.WaitForAsync(grain.GetAsync, timeProvider, cancellationToken);
        }

        return snapshot is null ? TaskNotFound(context, id) : TypedResults.Ok(TaskResource.From(snapshot));
    }

    internal static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> CancelAsync(Guid id, HttpContext context, IClusterClient client) =>
        CommandResult(context, id, await client.GetGrain<ITaskGrain>(id).CancelAsync($"Cancelled through the API (correlation id {CorrelationId.Get(context)})."));

    internal static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> RetryAsync(Guid id, HttpContext context, IClusterClient client) =>
        CommandResult(context, id, await client.GetGrain<ITaskGrain>(id).RetryAsync());

    private static Results<Ok<TaskResource>, ProblemHttpResult> CommandResult(HttpContext context, Guid id, TaskCommandResult result) => result.Outcome switch
    {
        TaskCommandOutcome.Done => TypedResults.Ok(TaskResource.From(result.Task!)),
        TaskCommandOutcome.Conflict => Problems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.IllegalTransition,
            "The task's state does not allow this.", result.Reason!, new Dictionary<string, object?> { ["taskStatus"] = result.Task!.Status.ToContractName() }),
        _ => TaskNotFound(context, id),
    };

    private static ProblemHttpResult TaskNotFound(HttpContext context, Guid id) =>
        Problems.Create(context, StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Task not found.", $"No task has the id {id}.");
}
