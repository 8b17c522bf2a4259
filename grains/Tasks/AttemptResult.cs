using Observatory.Tasks;

namespace Observatory.Grains.Tasks;

/// <summary>How one run of a handler ended.</summary>
internal sealed record AttemptResult(TaskAttemptOutcome Outcome, string? ResultJson, TaskError? Error, bool Permanent)
{
    public static AttemptResult Success(string? resultJson) => new(TaskAttemptOutcome.Succeeded, resultJson, null, false);

    public static AttemptResult Failure(TaskError error, bool permanent) => new(TaskAttemptOutcome.Failed, null, error, permanent);

    public static AttemptResult Stopped(TaskAttemptOutcome outcome, TaskError error) => new(outcome, null, error, false);
}
