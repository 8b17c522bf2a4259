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

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Task {TaskId} redelivered while {Status} (attempt {Attempt}); running it again")]
    private static partial void LogResuming(ILogger logger, Guid taskId, TaskState status, int attempt);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Task {TaskId} ({TaskType}) {Status} after attempt {Attempt} in {DurationMs} ms")]
    private static partial void LogFinished(ILogger logger, Guid taskId, string taskType, TaskState status, int attempt, double durationMs);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Handler of task {TaskId} ({TaskType}) threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid taskId, string taskType);
}
