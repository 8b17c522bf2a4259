using System.Text.Json;

namespace Observatory.LoadTest.Seed;

/// <summary>
/// Builds realistic task rows: the grain-state JSON of the shared design (camelCase, timeline and
/// attempts included, so rows have production size) and the matching read-model values. Ids are
/// UUIDv7 of the submit time, spread uniformly over the last <c>spreadDays</c>.
/// Only terminal tasks and tasks scheduled weeks ahead are generated: queued, running or retrying
/// rows would invite the system's recovery to start working on them in the middle of a benchmark.
/// </summary>
internal sealed class SeedTaskGenerator
{
    public const string SeedTag = "seed";

    private static readonly (string Status, int Weight)[] Statuses =
        [("succeeded", 78), ("failed", 8), ("dead-lettered", 2), ("cancelled", 6), ("scheduled", 6)];

    private static readonly (string Type, int Weight)[] Types =
        [("noop", 35), ("sleep", 25), ("simulate", 20), ("cpu", 10), ("fail", 10)];

    private static readonly string[] TagPool =
        ["tenant-a", "tenant-b", "tenant-c", "tenant-d", "nightly", "etl", "report", "priority-high", "demo", "billing"];

    private static readonly string[] Silos = ["silo-a", "silo-b"];

    private readonly Random _random;
    private readonly DateTimeOffset _now;
    private readonly TimeSpan _spread;

    public SeedTaskGenerator(int seed, DateTimeOffset now, int spreadDays)
    {
        _random = new Random(seed);
        _now = now;
        _spread = TimeSpan.FromDays(spreadDays);
    }

    public SeedRow Next()
    {
        var submittedAt = _now - TimeSpan.FromTicks((long)(_random.NextDouble() * (_spread - TimeSpan.FromMinutes(1)).Ticks)) - TimeSpan.FromMinutes(1);
        submittedAt = new DateTimeOffset(submittedAt.Ticks - (submittedAt.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
        var id = Guid.CreateVersion7(submittedAt);
        var type = Pick(Types);
        var status = type == "fail" ? (_random.Next(4) == 0 ? "dead-lettered" : "failed") : Pick(Statuses);
        var tags = new[] { SeedTag }.Concat(TagPool.OrderBy(_ => _random.Next()).Take(_random.Next(3))).ToArray();
        var payloadJson = PayloadFor(type);
        var silo = Silos[_random.Next(Silos.Length)];

        var s = new StateBuilder(id, submittedAt);
        switch (status)
        {
            case "scheduled":
                var runAt = _now + TimeSpan.FromDays(30 + _random.Next(335));
                s.Event("task.submitted", submittedAt, 0).Event("task.scheduled", submittedAt, 0);
                return Row(id, type, status, tags, 0, submittedAt, submittedAt, runAt, s.Build(type, status, payloadJson, tags, 0, runAt, runAt, null, null, null));
            case "cancelled":
                var cancelledAt = submittedAt + TimeSpan.FromSeconds(1 + _random.Next(600));
                s.Event("task.submitted", submittedAt, 0).Event("task.cancelled", cancelledAt, 0, "cancelled by operator");
                return Row(id, type, status, tags, 0, submittedAt, cancelledAt, null, s.Build(type, status, payloadJson, tags, 0, null, null, null, null, null));
            default:
                var attempts = status == "succeeded" ? (_random.Next(20) == 0 ? 2 : 1) : 3;
                var at = submittedAt + TimeSpan.FromMilliseconds(2 + _random.Next(50));
                s.Event("task.submitted", submittedAt, 0);
                for (var attempt = 1; attempt <= attempts; attempt++)
                {
                    var duration = TimeSpan.FromMilliseconds(type == "sleep" ? 500 : 1 + _random.Next(80));
                    var ok = status == "succeeded" && attempt == attempts;
                    s.Attempt(attempt, at, at + duration, silo, ok);
                    at += duration + (ok ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                }

                if (status == "dead-lettered")
                {
                    s.Event("task.dead-lettered", at, attempts, "attempts exhausted");
                }

                var error = status == "succeeded" ? null : new { type = "TaskFailedException", message = "simulated failure" };
                var result = status == "succeeded" ? "{\"ok\":true}" : null;
                return Row(id, type, status, tags, attempts, submittedAt, s.CompletedAt ?? at, null, s.Build(type, status, payloadJson, tags, attempts, null, null, silo, error, result));
        }
    }

    private static SeedRow Row(Guid id, string type, string status, string[] tags, int attempt, DateTimeOffset submittedAt, DateTimeOffset updatedAt, DateTimeOffset? dueAt, byte[] payload) =>
        new(id, type, status, tags, attempt, submittedAt, updatedAt, dueAt, payload);

    private string PayloadFor(string type) => type switch
    {
        "sleep" => "{\"durationMs\":500}",
        "simulate" => $"{{\"minDurationMs\":10,\"maxDurationMs\":{20 + _random.Next(200)},\"failureRate\":0.1}}",
        "cpu" => $"{{\"durationMs\":{1 + _random.Next(50)}}}",
        "fail" => "{\"message\":\"simulated failure\",\"permanent\":false}",
        _ => "{}",
    };

    private string Pick((string Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    /// <summary>Accumulates timeline and attempts, then writes the state JSON.</summary>
    private sealed class StateBuilder
    {
        private readonly Guid _id;
        private readonly DateTimeOffset _submittedAt;
        private readonly List<object> _timeline = [];
        private readonly List<object> _attempts = [];
        private DateTimeOffset? _startedAt;
        private DateTimeOffset? _completedAt;

        public StateBuilder(Guid id, DateTimeOffset submittedAt)
        {
            _id = id;
            _submittedAt = submittedAt;
        }

        public DateTimeOffset? CompletedAt => _completedAt;

        public StateBuilder Event(string eventType, DateTimeOffset at, int attempt, string? message = null)
        {
            _timeline.Add(new { eventId = Guid.CreateVersion7(at), eventType, occurredAt = at, attempt, message });
            _completedAt = eventType is "task.dead-lettered" or "task.cancelled" ? at : _completedAt;
            return this;
        }

        public void Attempt(int attempt, DateTimeOffset started, DateTimeOffset ended, string silo, bool succeeded)
        {
            _startedAt = started;
            Event("task.started", started, attempt);
            Event(succeeded ? "task.succeeded" : "task.attempt-failed", ended, attempt, succeeded ? null : "simulated failure");
            _attempts.Add(new
            {
                attempt,
                startedAt = started,
                endedAt = ended,
                silo,
                durationMs = (long)(ended - started).TotalMilliseconds,
                outcome = succeeded ? "succeeded" : "failed",
                error = succeeded ? null : new { type = "TaskFailedException", message = "simulated failure" },
            });
            _completedAt = ended;
        }

        public byte[] Build(string type, string status, string payloadJson, string[] tags, int attempt, DateTimeOffset? runAt, DateTimeOffset? dueAt, string? silo, object? error, string? resultJson)
        {
            var terminal = status is not "scheduled";
            return JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = _id,
                type,
                status,
                payloadJson,
                tags,
                submittedAt = _submittedAt,
                updatedAt = terminal ? _completedAt ?? _submittedAt : _submittedAt,
                startedAt = _startedAt,
                completedAt = terminal ? _completedAt : null,
                attempt,
                maxAttempts = 3,
                runAt,
                dueAt,
                siloAddress = (string?)null,
                silo,
                error,
                resultJson,
                correlationId = _id.ToString("N"),
                idempotencyKey = (string?)null,
                timeline = _timeline,
                attempts = _attempts,
            });
        }
    }
}
