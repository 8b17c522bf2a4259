using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Observatory.Grains.Handlers;

/// <summary>
/// <c>cpu</c>: keeps one core busy, for <c>durationMs</c> (up to a minute) or for a fixed number of
/// <c>iterations</c>, to load-test CPU-bound work.
/// </summary>
/// <remarks>
/// The work runs on a dedicated thread from <see cref="CpuWorkers"/>, never on the Orleans activation
/// scheduler or the thread pool under it, where busy loops would starve every other grain of the silo.
/// It checks the token every few thousand steps, so a timeout or cancellation stops it within microseconds.
/// </remarks>
public sealed class CpuTaskHandler : ITaskHandler
{
    /// <summary>Steps between looks at the token and the clock: well under a millisecond of work.</summary>
    internal const int CheckEvery = 4096;

    private const long MaxDurationMs = 60_000;
    private const long MaxIterations = 1_000_000_000;
    private readonly TimeProvider _timeProvider;
    private readonly CpuWorkers _workers;

    public CpuTaskHandler([FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider, CpuWorkers workers)
    {
        _timeProvider = timeProvider;
        _workers = workers;
    }

    public string TaskType => "cpu";

    public string Description =>
        "Keeps one CPU core busy off the grain scheduler, either for durationMs (up to 60000) or for a given number of iterations (up to 1e9).";

    // "anyOf" plus "maxProperties: 1" rather than "oneOf": when both fields are sent, oneOf fails with no
    // message a client could act on, while maxProperties says exactly what is wrong.
    public string PayloadSchema => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "description": "Exactly one of durationMs and iterations.",
          "additionalProperties": false,
          "properties": {
            "durationMs": {
              "description": "How long to stay busy, in milliseconds.",
              "type": "integer",
              "minimum": 1,
              "maximum": 60000
            },
            "iterations": {
              "description": "How many hashing steps to run, for a fixed amount of work whatever the machine.",
              "type": "integer",
              "minimum": 1,
              "maximum": 1000000000
            }
          },
          "anyOf": [
            { "required": ["durationMs"] },
            { "required": ["iterations"] }
          ],
          "maxProperties": 1
        }
        """;

    public async ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var durationMs = PayloadFields.Integer(context.Payload, "durationMs", 1, MaxDurationMs);
        var iterations = PayloadFields.Integer(context.Payload, "iterations", 1, MaxIterations);
        if (durationMs.HasValue == iterations.HasValue)
        {
            throw new TaskPayloadException("The cpu task needs exactly one of \"durationMs\" and \"iterations\".");
        }

        var start = _timeProvider.GetTimestamp();
        var (done, checksum) = await _workers.RunAsync(
            () => durationMs is { } ms
                ? BurnFor(TimeSpan.FromMilliseconds(ms), start, cancellationToken)
                : BurnCount(iterations!.Value, cancellationToken),
            cancellationToken);

        return new JsonObject
        {
            ["iterations"] = done,
            ["elapsedMs"] = (long)_timeProvider.GetElapsedTime(start).TotalMilliseconds,
            // Returned so the JIT cannot prove the loop useless and drop it.
            ["checksum"] = checksum.ToString("x16", CultureInfo.InvariantCulture),
        };
    }

    private (long Iterations, ulong Checksum) BurnFor(TimeSpan duration, long start, CancellationToken cancellationToken)
    {
        var state = 0x243F6A8885A308D3UL;
        long done = 0;
        while (_timeProvider.GetElapsedTime(start) < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state = Mix(state, CheckEvery);
            done += CheckEvery;
        }

        return (done, state);
    }

    private static (long Iterations, ulong Checksum) BurnCount(long iterations, CancellationToken cancellationToken)
    {
        var state = 0x243F6A8885A308D3UL;
        for (long done = 0; done < iterations; done += CheckEvery)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state = Mix(state, (int)Math.Min(CheckEvery, iterations - done));
        }

        return (iterations, state);
    }

    // splitmix64 steps: cheap, branch-free, and each depends on the last, so the loop cannot be vectorised away.
    private static ulong Mix(ulong state, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            state ^= z ^ (z >> 31);
        }

        return state;
    }
}
