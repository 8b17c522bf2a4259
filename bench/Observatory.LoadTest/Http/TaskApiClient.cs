using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Observatory.LoadTest.Cli;

namespace Observatory.LoadTest.Http;

/// <summary>
/// The gateway's task API as the benchmark uses it. Request bodies are serialized once and reused,
/// so the load generator spends its CPU on sending, not on building JSON.
/// </summary>
internal sealed class TaskApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly byte[] _singleBody;
    private readonly byte[] _batchBody;
    private readonly int _tasksPerRequest;
    private readonly bool _batch;

    public TaskApiClient(Uri gateway, string taskType, string payloadJson, IReadOnlyList<string> tags, SubmitMode mode, int batchSize)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(60),
        };

        // The gateway wants a key for submissions: scripts/up.sh keeps the local one in .run/api-key.
        if (Environment.GetEnvironmentVariable("OBSERVATORY_API_KEY") is { Length: > 0 } apiKey)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        var submission = BuildSubmission(taskType, payloadJson, tags);
        _singleBody = Encoding.UTF8.GetBytes(submission);
        _batchBody = Encoding.UTF8.GetBytes($$"""{"tasks":[{{string.Join(',', Enumerable.Repeat(submission, batchSize))}}]}""");
        _batch = mode == SubmitMode.Batch;
        _tasksPerRequest = _batch ? batchSize : 1;
    }

    /// <summary>For read-only use (list pages, task reads).</summary>
    public TaskApiClient(Uri gateway)
        : this(gateway, "noop", "{}", [], SubmitMode.Single, 1)
    {
    }

    public int TasksPerRequest => _tasksPerRequest;

    public async Task<SubmitResult> SubmitAsync(CancellationToken ct)
    {
        try
        {
            using var content = new ByteArrayContent(_batch ? _batchBody : _singleBody);
            content.Headers.ContentType = Json;
            using var response = await _http.PostAsync(new Uri(_batch ? "/api/v1/tasks/batch" : "/api/v1/tasks", UriKind.Relative), content, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new SubmitResult([], _tasksPerRequest, $"HTTP {(int)response.StatusCode}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            return _batch ? ReadBatch(doc.RootElement) : new SubmitResult([doc.RootElement.GetProperty("taskId").GetGuid()], 0, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return new SubmitResult([], _tasksPerRequest, e.GetType().Name);
        }
    }

    /// <summary>GET /api/v1/tasks with the given query string (without the leading '?').</summary>
    public async Task<ListPage> ListAsync(string query, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri($"/api/v1/tasks?{query}", UriKind.Relative), ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"GET /api/v1/tasks?{query} answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var root = doc.RootElement;
        var next = root.TryGetProperty("nextCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return new ListPage(root.GetProperty("items").GetArrayLength(), next);
    }

    /// <summary>GET /api/v1/tasks/{id}; null when the gateway does not answer 200 (yet).</summary>
    public async Task<JsonDocument?> GetTaskAsync(Guid id, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative), ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }

    public void Dispose() => _http.Dispose();

    private static string BuildSubmission(string taskType, string payloadJson, IReadOnlyList<string> tags)
    {
        var tagsJson = tags.Count == 0 ? string.Empty : $",\"tags\":{JsonSerializer.Serialize(tags)}";
        return $$"""{"type":{{JsonSerializer.Serialize(taskType)}},"payload":{{payloadJson}}{{tagsJson}}}""";
    }

    private SubmitResult ReadBatch(JsonElement root)
    {
        var accepted = new List<Guid>(_tasksPerRequest);
        var rejected = 0;
        foreach (var item in root.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("status").GetString() == "accepted")
            {
                accepted.Add(item.GetProperty("taskId").GetGuid());
            }
            else
            {
                rejected++;
            }
        }

        return new SubmitResult(accepted, rejected, rejected > 0 ? "batch item rejected" : null);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
