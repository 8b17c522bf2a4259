using System.Text.Json;
using Observatory.Grains.Events;
using Observatory.Tasks;

namespace Observatory.Grains.Tests.Stats;

/// <summary>Builds task feed events as a task grain emits them.</summary>
internal static class FeedEvents
{
    public static readonly DateTimeOffset Epoch = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static TaskFeedEvent Started(string type, DateTimeOffset at, TimeSpan queueWait) =>
        Create(type, TaskEventTypes.Started, TaskState.Running, at, at - queueWait, queueWait, null);

    public static TaskFeedEvent Succeeded(string type, DateTimeOffset at, TimeSpan runTime, TimeSpan sinceSubmit) =>
        Create(type, TaskEventTypes.Succeeded, TaskState.Succeeded, at, at - sinceSubmit, null, runTime);

    public static TaskFeedEvent FailedPermanently(string type, DateTimeOffset at, TimeSpan runTime, TimeSpan sinceSubmit) =>
        Create(type, TaskEventTypes.AttemptFailed, TaskState.Failed, at, at - sinceSubmit, null, runTime);

    public static TaskFeedEvent FailedForRetry(string type, DateTimeOffset at, TimeSpan runTime) =>
        Create(type, TaskEventTypes.AttemptFailed, TaskState.Running, at, at, null, runTime);

    public static TaskFeedEvent RetryScheduled(string type, DateTimeOffset at) =>
        Create(type, TaskEventTypes.RetryScheduled, TaskState.Retrying, at, at, null, null);

    private static TaskFeedEvent Create(string type, string eventType, TaskState status, DateTimeOffset at, DateTimeOffset submittedAt, TimeSpan? queueWait, TimeSpan? runTime) =>
        new(
            new TaskEventEnvelope
            {
                ContractVersion = TaskEventTypes.ContractVersion,
                EventId = Guid.CreateVersion7(),
                EventType = eventType,
                OccurredAt = at,
                TaskId = Guid.CreateVersion7(),
                TaskType = type,
                Attempt = 1,
                CorrelationId = "stats-test",
                Producer = new EventProducer("tests", "stats", "0.0.0"),
                Data = JsonSerializer.SerializeToElement(new { }),
            },
            status,
            submittedAt,
            queueWait,
            runTime);
}
