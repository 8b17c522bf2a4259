using System.Text.Json.Nodes;

namespace Observatory.Grains.Handlers;

/// <summary>
/// Runs one type of task. Handlers are singletons resolved from DI by <see cref="TaskType"/>; they
/// must honour the cancellation token, which fires on timeout.
/// </summary>
public interface ITaskHandler
{
    /// <summary>The task type this handler runs, e.g. <c>sleep</c>.</summary>
    string TaskType { get; }

    /// <summary>Runs the task; the returned JSON (or null) becomes the task's result.</summary>
    /// <exception cref="TaskPayloadException">The payload does not fit this handler.</exception>
    ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken);
}
