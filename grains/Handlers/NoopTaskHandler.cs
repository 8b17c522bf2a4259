using System.Text.Json.Nodes;

namespace Observatory.Grains.Handlers;

/// <summary><c>noop</c>: does nothing and succeeds; measures the system's own cost per task.</summary>
public sealed class NoopTaskHandler : ITaskHandler
{
    public string TaskType => "noop";

    public string Description => "Does nothing and succeeds at once; measures the system's own cost per task.";

    // "note" lets a load test label its tasks or pad the payload to a chosen size without opening the schema.
    // Open on purpose: noop ignores its payload, so producers and load tests may send any object
    // (and size it as they like) without it being refused.
    public string PayloadSchema => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "description": "Ignored: any object is accepted.",
          "type": "object"
        }
        """;

    public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<JsonNode?>(null);
}
