using System.Text.Json;
using Observatory.Grains.Events;
using Observatory.Tasks;

namespace Observatory.StatsBench;

/// <summary>A realistic mix of feed events: per task one started and one terminal event, some retries, several types.</summary>
internal static class StatsEvents
{
    public static TaskFeedEvent[] Mix(int count, DateTimeOffset now)
    {
        string[] types = ["noop", "sleep", "simulate", "cpu", "fail"];
        var events = new TaskFeedEvent[count];
        for (var i = 0; i < count; i++)
        {
            var type = types[i % types.Length];
            var at = now.AddMilliseconds(-i);
            events[i] = (i % 8) switch
            {
                0 or 2 or 4 => Create(type, TaskEventTypes.Started, TaskState.Running, at, TimeSpan.FromMilliseconds(i % 50), null),
                7 => Create(type, TaskEventTypes.RetryScheduled, TaskState.Retrying, at, null, null),
                _ => Create(type, TaskEventTypes.Succeeded, TaskState.Succeeded, at, null, TimeSpan.FromMilliseconds(1 + (i % 300))),
            };
        }

        return events;
    }

    private static TaskFeedEvent Create(string type, string eventType, TaskState status, DateTimeOffset at, TimeSpan? queueWait, TimeSpan? runTime) =>
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
                CorrelationId = "bench",
                Producer = new EventProducer("bench", "stats", "0.0.0"),
                Data = JsonSerializer.SerializeToElement(0),
            },
            status,
            at.AddMilliseconds(-20),
            queueWait,
            runTime);
}
