using Observatory.Tasks;

namespace Observatory.Grains.Tasks;

/// <summary>What a task grain persists: enough to answer for the task and to resume it after a crash.</summary>
[GenerateSerializer]
[Alias("observatory.task-grain-state.v1")]
public sealed class TaskGrainState
{
    /// <summary>The event that submitted the task; a redelivery carries the same id.</summary>
    [Id(0)] public Guid SubmittedEventId { get; set; }
    [Id(1)] public string Type { get; set; } = string.Empty;
    [Id(2)] public TaskState Status { get; set; }
    [Id(3)] public string PayloadJson { get; set; } = "{}";
    [Id(4)] public List<string> Tags { get; set; } = [];
    [Id(5)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(7)] public DateTimeOffset? StartedAt { get; set; }
    [Id(8)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(9)] public int Attempt { get; set; }
    [Id(10)] public string? ResultJson { get; set; }
    [Id(11)] public TaskError? Error { get; set; }
    [Id(12)] public string? CorrelationId { get; set; }
    [Id(13)] public string? Silo { get; set; }

    public TaskSnapshot ToSnapshot(Guid id) => new()
    {
        Id = id,
        Type = Type,
        Status = Status,
        PayloadJson = PayloadJson,
        Tags = Tags,
        SubmittedAt = SubmittedAt,
        UpdatedAt = UpdatedAt,
        StartedAt = StartedAt,
        CompletedAt = CompletedAt,
        Attempt = Attempt,
        ResultJson = ResultJson,
        Error = Error,
        CorrelationId = CorrelationId,
        Silo = Silo,
    };
}
