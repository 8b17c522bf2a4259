using System.Text.RegularExpressions;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>docs/metrics.md against what a running silo and gateway export at <c>/metrics</c>.</summary>
public sealed partial class MetricsReferenceTests(SingleSiloFixture fixture) : IClassFixture<SingleSiloFixture>
{
    [Fact]
    public async Task Metrics_ExportedBySiloAndGateway_MatchTheReferenceTable()
    {
        // A little of everything first: a success, a permanent failure and a rejected submission.
        var succeeded = await fixture.Client.SubmitAsync("noop");
        var failed = await fixture.Client.SubmitAsync("fail", """{"permanent":true}""");
        using (var rejected = await fixture.Client.PostJsonAsync("/api/v1/tasks", """{"type":"no-such-type"}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        await Eventually.ReturnsAsync(() => fixture.Client.GetStatusAsync(succeeded), s => s == "succeeded", TimeSpan.FromSeconds(30), "the noop task to succeed");
        await Eventually.ReturnsAsync(() => fixture.Client.GetStatusAsync(failed), s => s == "failed", TimeSpan.FromSeconds(30), "the fail task to fail");

        var exported = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var process in new[] { fixture.Silo, fixture.Gateway })
        {
            using var http = new HttpClient { BaseAddress = process.BaseAddress };
            foreach (Match family in TypeLine().Matches(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))))
            {
                exported[family.Groups["name"].Value] = family.Groups["type"].Value;
            }
        }

        var reference = MetricReference.Load();
        Assert.Empty(exported.Keys.Where(name => !reference.Lists(name)).Order());
        Assert.Empty(reference.Exact.Keys.Where(name => !exported.ContainsKey(name)).Order());
        Assert.Empty(reference.Exact.Where(row => exported[row.Key] != row.Value).Select(row => $"{row.Key}: documented {row.Value}, exported {exported[row.Key]}"));
    }

    [Fact]
    public async Task TaskAndSubmissionMetrics_AfterAMixOfTasks_CountExactlyWhatHappened()
    {
        var before = await ScrapeAsync();
        var succeeded = await fixture.Client.SubmitAsync("noop");
        var failed = await fixture.Client.SubmitAsync("fail", """{"permanent":true}""");
        var deadLettered = await fixture.Client.SubmitJsonAsync("""{"type":"fail","payload":{},"maxAttempts":2}""");
        using (var rejected = await fixture.Client.PostJsonAsync("/api/v1/tasks", """{"type":"no-such-type"}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        Guid batched;
        using (var batch = await fixture.Client.PostJsonAsync("/api/v1/tasks/batch", """{"tasks":[{"type":"no-such-type"},{"type":"noop","payload":{"note":"x"}}]}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, batch.StatusCode);
            using var result = System.Text.Json.JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
            batched = result.RootElement.GetProperty("items")[1].GetProperty("taskId").GetGuid();
        }

        foreach (var (task, status) in new[] { (succeeded, "succeeded"), (batched, "succeeded"), (failed, "failed"), (deadLettered, "dead-lettered") })
        {
            await Eventually.ReturnsAsync(() => fixture.Client.GetStatusAsync(task), s => s == status, TimeSpan.FromSeconds(30), $"task {task} to be {status}");
        }

        // The feed is consumed asynchronously: wait for the last terminal event to be counted.
        const string deadLetters = """observatory_tasks_completed_total{type="fail",outcome="dead_lettered",service="silo"}""";
        var after = await Eventually.ReturnsAsync(ScrapeAsync, samples => samples.GetValueOrDefault(deadLetters) > before.GetValueOrDefault(deadLetters), TimeSpan.FromSeconds(10), "the dead letter to be counted");
        double Delta(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);

        Assert.Equal(2, Delta("""observatory_tasks_completed_total{type="noop",outcome="succeeded",service="silo"}"""));
        Assert.Equal(1, Delta("""observatory_tasks_completed_total{type="fail",outcome="failed",service="silo"}"""));
        Assert.Equal(1, Delta(deadLetters));
        Assert.Equal(2, Delta("""observatory_tasks_started_total{type="noop",service="silo"}"""));
        Assert.Equal(3, Delta("""observatory_tasks_started_total{type="fail",service="silo"}"""));
        Assert.Equal(3, Delta("""observatory_task_attempt_failures_total{type="fail",service="silo"}"""));
        Assert.Equal(1, Delta("""observatory_task_retries_total{type="fail",service="silo"}"""));
        Assert.Equal(2, Delta("""observatory_task_submit_to_done_seconds_count{type="noop",outcome="succeeded",service="silo"}"""));
        Assert.Equal(3, Delta("""observatory_task_run_seconds_count{type="fail",service="silo"}"""));
        Assert.Equal(4, Delta("""observatory_gateway_tasks_submitted_total{api="single",service="gateway"}"""));
        Assert.Equal(3, Delta("""observatory_gateway_tasks_accepted_total{api="single",service="gateway"}"""));
        Assert.Equal(1, Delta("""observatory_gateway_tasks_rejected_total{api="single",reason="unknown-task-type",service="gateway"}"""));
        Assert.Equal(2, Delta("""observatory_gateway_tasks_submitted_total{api="batch",service="gateway"}"""));
        Assert.Equal(1, Delta("""observatory_gateway_tasks_accepted_total{api="batch",service="gateway"}"""));
        Assert.Equal(1, Delta("""observatory_gateway_tasks_rejected_total{api="batch",reason="unknown-task-type",service="gateway"}"""));
        Assert.Equal(0, after["""observatory_tasks_running{service="silo"}"""]);
        Assert.Equal(1, after["""observatory_cluster_silos{service="silo"}"""]);
        Assert.Equal(1, after["""observatory_health_check_status{check="postgres",service="gateway"}"""]);

        // Type labels are bounded: the registered task types and "other", nothing a client sent.
        var types = (await fixture.Client.GetJsonAsync("/api/v1/task-types")).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("type").GetString()!);
        var labelled = after.Keys.Where(series => series.StartsWith("observatory_tasks_started_total{", StringComparison.Ordinal))
            .Select(series => TypeLabel().Match(series).Groups["type"].Value);
        Assert.Equal(types.Append("other").Order(), labelled.Order());
        Assert.Contains(after.Keys, series => series.StartsWith("http_request_duration_seconds_count{", StringComparison.Ordinal) && series.Contains("endpoint=\"/api/v1/tasks/{id:guid}\"", StringComparison.Ordinal));
    }

    /// <summary>Every sample of the silo and the gateway, by series (name and labels as exported).</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var process in new[] { fixture.Silo, fixture.Gateway })
        {
            using var http = new HttpClient { BaseAddress = process.BaseAddress };
            foreach (Match sample in Sample().Matches(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))))
            {
                samples[sample.Groups["series"].Value] = double.Parse(sample.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return samples;
    }

    // Label values may hold braces (route templates such as /api/v1/tasks/{id:guid}).
    [GeneratedRegex(@"^(?<series>[a-z_:][a-z0-9_:]*(\{(?:[^""}]|""(?:[^""\\]|\\.)*"")*\})?) (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex("type=\"(?<type>[^\"]*)\"")]
    private static partial Regex TypeLabel();

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
