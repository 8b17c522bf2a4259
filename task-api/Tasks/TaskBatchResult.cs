using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Observatory.Gateway.Tasks;

/// <summary>The <c>task-batch-result.json</c> contract: one answer per submitted item, in order.</summary>
public sealed record TaskBatchResult(int Accepted, int Rejected, IReadOnlyList<TaskBatchItem> Items);

/// <summary>What happened to one item of a batch: accepted with its task, or rejected with the problem.</summary>
public sealed record TaskBatchItem(
    int Index,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TaskId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProblemDetails? Error)
{
    public const string AcceptedStatus = "accepted";
    public const string RejectedStatus = "rejected";

    public static TaskBatchItem Accepted(int index, TaskAccepted accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return new(index, AcceptedStatus, accepted.TaskId, accepted.Location, null);
    }

    public static TaskBatchItem Rejected(int index, ProblemDetails problem) => new(index, RejectedStatus, null, null, problem);
}
