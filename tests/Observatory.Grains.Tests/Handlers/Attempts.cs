using System.Text.Json;
using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests.Handlers;

/// <summary>Builds the context a handler sees for one attempt.</summary>
internal static class Attempts
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TaskExecutionContext Of(string type, string payloadJson, Guid? taskId = null, int attempt = 1)
    {
        using var document = JsonDocument.Parse(payloadJson);
        return new TaskExecutionContext(taskId ?? Guid.CreateVersion7(Start), type, document.RootElement.Clone(), attempt);
    }

    /// <summary>A bound for waiting on work that runs on the thread pool; reached only when a test is failing.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
}
