using System.Text.Json.Nodes;
using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests;

/// <summary>A handler of type <c>flaky</c> that fails every attempt before <c>succeedOnAttempt</c> (never, when absent).</summary>
internal sealed class FlakyTaskHandler : ITaskHandler
{
    public string TaskType => "flaky";

    public string Description => "Fails every attempt before succeedOnAttempt.";

    public string PayloadSchema => """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"succeedOnAttempt":{"type":"integer","minimum":1}},"additionalProperties":false}
        """;

    public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var succeedOn = context.Payload.TryGetProperty("succeedOnAttempt", out var value) ? value.GetInt32() : int.MaxValue;
        return context.Attempt >= succeedOn
            ? ValueTask.FromResult<JsonNode?>(new JsonObject { ["attempt"] = context.Attempt })
            : throw new InvalidOperationException($"Attempt {context.Attempt} fails on purpose.");
    }
}
