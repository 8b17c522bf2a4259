using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Observatory.LoadTest;

// Submits tasks over HTTP with bounded concurrency (one request per task), then reads every task
// back. Submit latency is measured client-side; end-to-end latency and throughput come from the
// tasks' own submittedAt/completedAt, so polling speed does not distort them.
var options = LoadTestOptions.Parse(args);
using var http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) };
var body = $$"""{"type":"{{options.TaskType}}","payload":{{options.PayloadJson}}}""";

// Warm-up: connections, JIT and the first grain activations are not what we measure.
for (var i = 0; i < 50; i++)
{
    await SubmitAsync();
}

var submitLatencies = new double[options.Tasks];
var ids = new Guid[options.Tasks];
var wall = Stopwatch.StartNew();
await Parallel.ForAsync(0, options.Tasks, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
{
    var started = Stopwatch.GetTimestamp();
    ids[i] = await SubmitAsync();
    submitLatencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
});
var submitSeconds = wall.Elapsed.TotalSeconds;

var endToEnd = new double[options.Tasks];
var firstSubmitted = DateTimeOffset.MaxValue;
var lastCompleted = DateTimeOffset.MinValue;
var gate = new Lock();
await Parallel.ForAsync(0, options.Tasks, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
{
    var task = await WaitForTerminalAsync(ids[i]);
    var submitted = task.GetProperty("submittedAt").GetDateTimeOffset();
    var completed = task.GetProperty("completedAt").GetDateTimeOffset();
    endToEnd[i] = (completed - submitted).TotalMilliseconds;
    lock (gate)
    {
        firstSubmitted = submitted < firstSubmitted ? submitted : firstSubmitted;
        lastCompleted = completed > lastCompleted ? completed : lastCompleted;
    }
});

Array.Sort(submitLatencies);
Array.Sort(endToEnd);
var processingSeconds = (lastCompleted - firstSubmitted).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    tasks {options.Tasks} of type {options.TaskType}, concurrency {options.Concurrency}, one HTTP request per task
    submit:      {options.Tasks / submitSeconds,8:F0} tasks/s   p50 {P(submitLatencies, 50):F1} ms   p99 {P(submitLatencies, 99):F1} ms   max {submitLatencies[^1]:F1} ms
    end to end:  {options.Tasks / processingSeconds,8:F0} tasks/s   p50 {P(endToEnd, 50):F1} ms   p99 {P(endToEnd, 99):F1} ms   (submittedAt -> completedAt, persisted)
    """));

async Task<Guid> SubmitAsync()
{
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(new Uri("/api/v1/tasks", UriKind.Relative), content);
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new HttpRequestException($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
    return accepted.GetProperty("taskId").GetGuid();
}

async Task<JsonElement> WaitForTerminalAsync(Guid id)
{
    while (true)
    {
        using var response = await http.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative));
        if (response.IsSuccessStatusCode)
        {
            var task = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (task.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return task;
            }
        }

        await Task.Delay(50);
    }
}

static double P(double[] sorted, int percentile) =>
    sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
