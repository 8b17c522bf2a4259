using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;

namespace Observatory.Grains.Handlers;

/// <summary><c>sleep</c>: waits <c>durationMs</c> milliseconds (0 to 1 hour) without holding a thread.</summary>
public sealed class SleepTaskHandler : ITaskHandler
{
    private const int MaxDurationMs = 3_600_000;
    private readonly TimeProvider _timeProvider;

    public SleepTaskHandler([FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public string TaskType => "sleep";

    public string Description => "Waits durationMs milliseconds (up to one hour) without holding a thread, then succeeds.";

    public string PayloadSchema => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "required": ["durationMs"],
          "properties": {
            "durationMs": {
              "description": "How long to wait, in milliseconds.",
              "type": "integer",
              "minimum": 0,
              "maximum": 3600000
            }
          }
        }
        """;

    public async ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var durationMs = PayloadFields.Integer(context.Payload, "durationMs", 0, MaxDurationMs)
            ?? throw new TaskPayloadException($"The sleep task needs an integer \"durationMs\" from 0 to {MaxDurationMs}.");
        await Task.Delay(TimeSpan.FromMilliseconds(durationMs), _timeProvider, cancellationToken);
        return new JsonObject { ["sleptMs"] = durationMs };
    }
}
