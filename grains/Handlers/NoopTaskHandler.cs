using System.Text.Json.Nodes;

namespace Observatory.Grains.Handlers;

/// <summary><c>noop</c>: does nothing and succeeds; measures the system's own cost per task.</summary>
public sealed class NoopTaskHandler : ITaskHandler
{
    public string TaskType => "noop";

    public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<JsonNode?>(null);
}
