using System.Text.Json;
using Observatory.LoadTest.Http;

namespace Observatory.LoadTest.Completion;

/// <summary>
/// Fallback when the read model is missing: reads every task over GET /api/v1/tasks/{id}. The
/// grain answers from its persisted state, and completedAt − submittedAt comes from the task
/// itself, so polling speed does not distort latency; it does load the gateway and silo.
/// </summary>
internal sealed class HttpCompletionPoller : ICompletionTracker
{
    private const int Concurrency = 16;
    private readonly TaskApiClient _api;

    public HttpCompletionPoller(TaskApiClient api) => _api = api;

    public string Source => "HTTP GET /api/v1/tasks/{id} (completedAt; fallback, read model missing)";

    public async Task<IReadOnlyDictionary<Guid, TaskOutcome>> WaitForTerminalAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout, CancellationToken ct)
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskOutcome>();
        var pending = ids.ToList();
        var progress = new DrainProgress(ids.Count);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (id, token) =>
            {
                if (await ReadAsync(id, token) is { } outcome)
                {
                    outcomes[id] = outcome;
                }
            });
            pending = [.. pending.Where(id => !(outcomes.TryGetValue(id, out var o) && o.IsTerminal))];
            progress.Report(pending.Count);
            if (pending.Count == 0 || DateTimeOffset.UtcNow >= deadline)
            {
                return outcomes;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<TaskOutcome?> ReadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            using var doc = await _api.GetTaskAsync(id, ct);
            if (doc is null)
            {
                return null;
            }

            var task = doc.RootElement;
            var status = task.GetProperty("status").GetString() ?? "unknown";
            var submitted = task.GetProperty("submittedAt").GetDateTimeOffset();
            var done = task.TryGetProperty("completedAt", out var c) && c.ValueKind == JsonValueKind.String ? c.GetDateTimeOffset()
                : task.TryGetProperty("updatedAt", out var u) && u.ValueKind == JsonValueKind.String ? u.GetDateTimeOffset()
                : submitted;
            return new TaskOutcome(status, submitted, done);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !ct.IsCancellationRequested)
        {
            return null; // read again next round
        }
    }
}
