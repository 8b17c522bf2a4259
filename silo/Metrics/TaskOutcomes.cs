using Observatory.Tasks;

namespace Observatory.Silo.Metrics;

/// <summary>How a task ended, as the <c>outcome</c> label of the terminal-state metrics.</summary>
internal enum TaskOutcome
{
    Succeeded,
    Failed,
    DeadLettered,
    Cancelled,
}

internal static class TaskOutcomes
{
    /// <summary>The label of each <see cref="TaskOutcome"/>, indexed by it.</summary>
    public static readonly string[] Labels = ["succeeded", "failed", "dead_lettered", "cancelled"];

    /// <summary>The outcome of a terminal event; a terminal attempt-failed event is a permanent failure.</summary>
    public static TaskOutcome Of(string eventType) => eventType switch
    {
        TaskEventTypes.Succeeded => TaskOutcome.Succeeded,
        TaskEventTypes.DeadLettered => TaskOutcome.DeadLettered,
        TaskEventTypes.Cancelled => TaskOutcome.Cancelled,
        _ => TaskOutcome.Failed,
    };
}
