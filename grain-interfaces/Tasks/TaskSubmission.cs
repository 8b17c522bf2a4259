using System.Text.Json;

namespace Observatory.Tasks;

/// <summary>What a client asks for: the <c>task-submission.json</c> contract, already validated.</summary>
public sealed record TaskSubmission(string Type, JsonElement Payload, IReadOnlyList<string> Tags)
{
    /// <summary>How many attempts may fail before the task is dead-lettered; null = the silo's default.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Run no earlier than this; null or past = now.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Per-attempt timeout; null = the silo's default.</summary>
    public int? TimeoutSeconds { get; init; }

    public static JsonElement EmptyPayload { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
