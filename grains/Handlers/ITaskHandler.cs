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

    /// <summary>One or two sentences for people choosing a task type, shown by <c>GET /api/v1/task-types</c>.</summary>
    string Description { get; }

    /// <summary>
    /// JSON Schema (draft 2020-12) text for the payload object. Checked before the task runs, in the gateway
    /// and again in the grain, so <see cref="ExecuteAsync"/> only has to guard what a schema cannot say.
    /// Keep it closed (<c>additionalProperties: false</c>): an unknown field is almost always a typo.
    /// </summary>
    string PayloadSchema { get; }

    /// <summary>Runs the task; the returned JSON (or null) becomes the task's result.</summary>
    /// <exception cref="PermanentTaskFailureException">Retrying cannot help, e.g. the payload does not fit this handler.</exception>
    /// <remarks>Any other exception fails the attempt and the task is retried while attempts remain.</remarks>
    ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken);
}
