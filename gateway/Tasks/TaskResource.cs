using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>The task resource of the <c>task.json</c> contract.</summary>
public sealed record TaskResource(
    Guid Id,
    string Type,
    string Status,
    JsonElement Payload,
    IReadOnlyList<string> Tags,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int Attempt,
    JsonElement? Result,
    TaskErrorResource? Error,
    string? CorrelationId,
    string? Silo)
{
    public static TaskResource From(TaskSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new TaskResource(
            snapshot.Id,
            snapshot.Type,
            StatusName(snapshot.Status),
            ParseJson(snapshot.PayloadJson),
            snapshot.Tags,
            snapshot.SubmittedAt,
            snapshot.UpdatedAt,
            snapshot.StartedAt,
            snapshot.CompletedAt,
            snapshot.Attempt,
            snapshot.ResultJson is null ? null : ParseJson(snapshot.ResultJson),
            snapshot.Error is null ? null : new TaskErrorResource(snapshot.Error.Type, snapshot.Error.Message),
            snapshot.CorrelationId,
            snapshot.Silo);
    }

    public static string StatusName(TaskState state) => state switch
    {
        TaskState.Queued => "queued",
        TaskState.Running => "running",
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A task the grain does not know has no resource."),
    };

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>Why a task's last attempt failed.</summary>
public sealed record TaskErrorResource(string Type, string Message);

/// <summary>The <c>task-accepted.json</c> contract: the 202 body of a submission.</summary>
public sealed record TaskAccepted(Guid TaskId, Guid EventId, string Status, string Location);
