using System.Text.Json.Nodes;

namespace Observatory.Grains.Handlers;

/// <summary><c>noop</c>: does nothing and succeeds; measures the system's own cost per task.</summary>
public sealed class NoopTaskHandler : ITaskHandler
{
    public string TaskType => "noop";

    public string Description => "Does nothing and succeeds at once; measures the system's own cost per task.";

    // "note" lets a load test label its tasks or pad the payload to a chosen size without opening the schema.
    public string PayloadSchema => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "note": {
              "description": "Free text carried through untouched, e.g. to label or pad load-test tasks.",
              "type": "string",
              "maxLength": 4096
            }
          }
        }
        """;

    public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<JsonNode?>(null);
}
