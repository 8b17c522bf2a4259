using System.Text.Json;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>Reads a submission that already passed the <c>task-submission.json</c> contract.</summary>
public static class SubmissionReader
{
    /// <summary>How far ahead a task may be scheduled; further is almost certainly a unit mistake.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(366);

    public static TaskSubmission Read(JsonElement body)
    {
        var payload = body.TryGetProperty("payload", out var p) ? p.Clone() : TaskSubmission.EmptyPayload;
        IReadOnlyList<string> tags = body.TryGetProperty("tags", out var t) ? [.. t.EnumerateArray().Select(x => x.GetString()!)] : [];
        return new TaskSubmission(body.GetProperty("type").GetString()!, payload, tags)
        {
            MaxAttempts = body.TryGetProperty("maxAttempts", out var m) ? m.GetInt32() : null,
            RunAt = body.TryGetProperty("runAt", out var r) ? r.GetDateTimeOffset() : null,
            TimeoutSeconds = body.TryGetProperty("timeoutSeconds", out var s) ? s.GetInt32() : null,
        };
    }

    /// <summary>Checks what the schema cannot: a run time within reach. Returns errors keyed by JSON pointer, or null.</summary>
    public static Dictionary<string, string[]>? CheckSchedule(TaskSubmission submission, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return submission.RunAt is { } runAt && runAt - now > MaxScheduleAhead
            ? new Dictionary<string, string[]> { ["/runAt"] = [$"runAt may be at most {MaxScheduleAhead.TotalDays:0} days ahead."] }
            : null;
    }
}
