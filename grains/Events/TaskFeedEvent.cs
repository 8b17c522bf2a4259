using Observatory.Grains.Tasks;
using Observatory.Tasks;

namespace Observatory.Grains.Events;

/// <summary>
/// A lifecycle event on the silo's feed, with what its task grain knew when it emitted it, so
/// consumers (aggregates, metrics, the archive) need no per-task memory of their own.
/// </summary>
/// <param name="Envelope">The event as the contract defines it.</param>
/// <param name="Status">The task's status after the transition that emitted the event.</param>
/// <param name="SubmittedAt">When the task was submitted; submit → done is measured from it.</param>
/// <param name="QueueWait">On <c>task.started</c>: how long the attempt waited after it became runnable.</param>
/// <param name="RunTime">On the event that ended an attempt (succeeded, attempt-failed, cancelled while running): how long it ran.</param>
public sealed record TaskFeedEvent(TaskEventEnvelope Envelope, TaskState Status, DateTimeOffset SubmittedAt, TimeSpan? QueueWait, TimeSpan? RunTime)
{
    /// <summary>Whether the event ends the task (succeeded, failed, dead-lettered or cancelled).</summary>
    public bool IsTerminal => Status.IsTerminal() && Envelope.EventType switch
    {
        TaskEventTypes.Succeeded or TaskEventTypes.DeadLettered or TaskEventTypes.Cancelled => true,

        // A permanent failure ends the task with its attempt-failed event.
        TaskEventTypes.AttemptFailed => Status == TaskState.Failed,
        _ => false,
    };

    internal static TaskFeedEvent From(TaskEventEnvelope envelope, TaskGrainState state)
    {
        TimeSpan? queueWait = null;
        TimeSpan? runTime = null;
        if (envelope.EventType == TaskEventTypes.Started)
        {
            var readyAt = state.ReadyAt ?? state.SubmittedAt;
            queueWait = envelope.OccurredAt > readyAt ? envelope.OccurredAt - readyAt : TimeSpan.Zero;
        }
        else if (envelope.EventType is TaskEventTypes.Succeeded or TaskEventTypes.AttemptFailed or TaskEventTypes.Cancelled
            && state.Attempts.LastOrDefault(a => a.Attempt == envelope.Attempt) is { EndedAt: { } ended } attempt
            && ended == envelope.OccurredAt)
        {
            runTime = ended - attempt.StartedAt;
        }

        return new TaskFeedEvent(envelope, state.Status, state.SubmittedAt, queueWait, runTime);
    }
}
