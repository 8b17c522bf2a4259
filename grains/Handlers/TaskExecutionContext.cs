using System.Text.Json;

namespace Observatory.Grains.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
public sealed record TaskExecutionContext(Guid TaskId, string TaskType, JsonElement Payload, int Attempt);
