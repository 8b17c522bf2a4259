using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Observatory.Grains.Handlers;

/// <summary>
/// <c>simulate</c>: stands in for real work of uneven length that sometimes fails. Waits a random time in
/// <c>[minDurationMs, maxDurationMs]</c>, then fails with a retryable error at <c>failureRate</c>.
/// </summary>
/// <remarks>
/// The random draw is seeded by task id and attempt, so an attempt's outcome can be reproduced (a test,
/// or a person re-reading a run) while a retry still draws afresh.
/// </remarks>
public sealed class SimulateTaskHandler : ITaskHandler
{
    private const long MaxDurationMs = 3_600_000;
    private readonly TimeProvider _timeProvider;

    public SimulateTaskHandler([FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public string TaskType => "simulate";

    public string Description =>
        "Simulates work: waits a random time between minDurationMs and maxDurationMs, then fails with a retryable error at failureRate (0 to 1).";

    public string PayloadSchema => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "minDurationMs": {
              "description": "Shortest run, in milliseconds.",
              "type": "integer",
              "minimum": 0,
              "maximum": 3600000,
              "default": 0
            },
            "maxDurationMs": {
              "description": "Longest run, in milliseconds; not less than minDurationMs. Defaults to minDurationMs (a fixed duration).",
              "type": "integer",
              "minimum": 0,
              "maximum": 3600000
            },
            "failureRate": {
              "description": "Probability that an attempt fails (retryably) after its run: 0 never, 1 always.",
              "type": "number",
              "minimum": 0,
              "maximum": 1,
              "default": 0
            }
          }
        }
        """;

    public async ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var minDurationMs = PayloadFields.Integer(context.Payload, "minDurationMs", 0, MaxDurationMs, fallback: 0)!.Value;
        var maxDurationMs = PayloadFields.Integer(context.Payload, "maxDurationMs", 0, MaxDurationMs, fallback: minDurationMs)!.Value;
        var failureRate = PayloadFields.Number(context.Payload, "failureRate", 0, 1, fallback: 0);
        if (maxDurationMs < minDurationMs)
        {
            // The one rule a JSON Schema cannot state.
            throw new TaskPayloadException($"\"maxDurationMs\" ({maxDurationMs}) must not be less than \"minDurationMs\" ({minDurationMs}).");
        }

        var random = RandomFor(context.TaskId, context.Attempt);
        var durationMs = minDurationMs + random.NextInt64(maxDurationMs - minDurationMs + 1);
        await Task.Delay(TimeSpan.FromMilliseconds(durationMs), _timeProvider, cancellationToken);

        // NextDouble is in [0, 1): a rate of 0 never fails and a rate of 1 always does.
        if (random.NextDouble() < failureRate)
        {
            throw new SimulatedTaskFailureException(string.Create(
                CultureInfo.InvariantCulture,
                $"Simulated failure after {durationMs} ms (failure rate {failureRate})."));
        }

        return new JsonObject { ["durationMs"] = durationMs };
    }

    /// <summary>A generator seeded by task id and attempt; stable across processes, unlike <see cref="HashCode"/>.</summary>
    internal static Random RandomFor(Guid taskId, int attempt)
    {
        Span<byte> bytes = stackalloc byte[16];
        taskId.TryWriteBytes(bytes);
        var mixed = BinaryPrimitives.ReadUInt64LittleEndian(bytes)
            ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) * 0x9E3779B97F4A7C15UL)
            ^ ((ulong)(uint)attempt * 0xBF58476D1CE4E5B9UL);
        mixed ^= mixed >> 31;
        return new Random(unchecked((int)(mixed ^ (mixed >> 32))));
    }
}
