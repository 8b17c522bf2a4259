using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
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

    public async ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var durationMs = ReadDuration(context.Payload);
        await Task.Delay(TimeSpan.FromMilliseconds(durationMs), _timeProvider, cancellationToken);
        return new JsonObject { ["sleptMs"] = durationMs };
    }

    private static int ReadDuration(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("durationMs", out var duration)
            || duration.ValueKind != JsonValueKind.Number
            || !duration.TryGetInt32(out var value)
            || value is < 0 or > MaxDurationMs)
        {
            throw new TaskPayloadException($"The sleep task needs an integer \"durationMs\" from 0 to {MaxDurationMs}.");
        }

        return value;
    }
}
