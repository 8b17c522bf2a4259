namespace Observatory.Tasks;

/// <summary>The lifecycle event types of the event envelope contract.</summary>
public static class TaskEventTypes
{
    public const string Submitted = "task.submitted";
    public const string Scheduled = "task.scheduled";
    public const string Started = "task.started";
    public const string AttemptFailed = "task.attempt-failed";
    public const string RetryScheduled = "task.retry-scheduled";
    public const string Succeeded = "task.succeeded";
    public const string DeadLettered = "task.dead-lettered";
    public const string Cancelled = "task.cancelled";

    /// <summary>The envelope contract version these types belong to.</summary>
    public const string ContractVersion = "1.0.0";
}
