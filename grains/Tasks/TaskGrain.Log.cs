using Microsoft.Extensions.Logging;
using Observatory.Tasks;

namespace Observatory.Grains.Tasks;

public sealed partial class TaskGrain
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Event {EventId} for task {EventTaskId} reached task grain {TaskId}; ignored")]
    private static partial void LogForeignEvent(ILogger logger, Guid eventId, Guid eventTaskId, Guid taskId);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Event type {EventType} is not consumed by task {TaskId}")]
    private static partial void LogIgnoredEvent(ILogger logger, string eventType, Guid taskId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Task {TaskId} was submitted again by event {EventId}, but event {OriginalEventId} submitted it; the second submission is ignored")]
    private static partial void LogConflictingSubmission(ILogger logger, Guid taskId, Guid eventId, Guid originalEventId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Duplicate delivery for task {TaskId}, already {Status}; ignored")]
    private static partial void LogDuplicateDelivery(ILogger logger, Guid taskId, TaskState status);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Task {TaskId} redelivered while {Status} (attempt {Attempt}); resuming it")]
    private static partial void LogResuming(ILogger logger, Guid taskId, TaskState status, int attempt);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Task {TaskId} ({TaskType}) {Status} after attempt {Attempt} in {DurationMs} ms")]
    private static partial void LogFinished(ILogger logger, Guid taskId, string taskType, TaskState status, int attempt, double durationMs);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Handler of task {TaskId} ({TaskType}) threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid taskId, string taskType);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Task {TaskId} is queued: all {Capacity} attempt slots of this silo are busy")]
    private static partial void LogNoSlot(ILogger logger, Guid taskId, int capacity);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Task {TaskId}: attempt {Attempt} was interrupted (silo {Silo} is gone); recovering")]
    private static partial void LogInterrupted(ILogger logger, Guid taskId, int attempt, string? silo);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Task {TaskId}: attempt {Attempt} stopped by deactivation ({Reason}); queued again")]
    private static partial void LogHandedBack(ILogger logger, Guid taskId, int attempt, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Task {TaskId}: the attempt's outcome could not be persisted; retrying")]
    private static partial void LogOutcomeWriteFailed(ILogger logger, Exception exception, Guid taskId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Task {TaskId}: a wake-up failed; the due-task poller will retry it")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, Guid taskId);
}
