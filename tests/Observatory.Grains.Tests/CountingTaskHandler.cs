using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests;

/// <summary>A handler of type <c>count</c> that records how often each task ran and echoes its payload.</summary>
internal sealed class CountingTaskHandler(ConcurrentDictionary<Guid, int> executions) : ITaskHandler
{
    public string TaskType => "count";

    public string Description => "Counts its runs and echoes its payload.";

    public string PayloadSchema => """{"type":"object"}""";

    public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        executions.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1);
        return ValueTask.FromResult(JsonNode.Parse(context.Payload.GetRawText()));
    }
}
