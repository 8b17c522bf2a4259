namespace Observatory.Dashboard.Live;

/// <summary>One server-sent event for the browser: its event name and JSON data.</summary>
public sealed record LiveMessage(string Kind, object Data)
{
    public const string Tasks = "tasks";
    public const string Counts = "counts";
    public const string Stats = "stats";
    public const string Alerts = "alerts";
}

/// <summary>A task event as the browser receives it (the <c>live-task-events.json</c> contract).</summary>
public sealed record LiveTaskEventResource(Guid TaskId, string Type, string EventType, string Status, int Attempt, DateTimeOffset OccurredAt, double? RunTimeMs);

/// <summary>The events of one silo's batch, how many that silo could not forward, and the batch's number on that silo.</summary>
public sealed record LiveTaskBatchResource(string Silo, IReadOnlyList<LiveTaskEventResource> Events, long Dropped, long Sequence);
