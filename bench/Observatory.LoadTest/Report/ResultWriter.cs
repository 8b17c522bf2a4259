using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observatory.LoadTest.Report;

/// <summary>Writes a result as JSON and as a short Markdown summary next to it (same name, .md), and prints the summary.</summary>
internal static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync<T>(T result, string markdown, string jsonPath, CancellationToken ct)
    {
        var full = Path.GetFullPath(jsonPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, JsonSerializer.Serialize(result, Json) + "\n", ct);
        var mdPath = Path.ChangeExtension(full, ".md");
        await File.WriteAllTextAsync(mdPath, markdown, ct);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"results: {full}");
        Console.WriteLine($"         {mdPath}");
    }

    public static string Markdown(RunResult r)
    {
        var s = r.Settings;
        var c = r.Completion;
        var loop = s.RateTasksPerSecond is { } rate ? F($"open loop {rate:N0} tasks/s") : F($"closed loop, {s.Concurrency} concurrent");
        var submit = s.Submit == "batch" ? F($"batch of {s.BatchSize}") : "single";
        var md = new StringBuilder();
        md.AppendLine(F($"### run: `{s.TaskType}`, {submit} submit, {loop}, warm-up {s.WarmupSeconds:0.#} s, measured {s.DurationSeconds:0.#} s"));
        md.AppendLine();
        md.AppendLine("| Metric | Value |");
        md.AppendLine("|---|---|");
        md.AppendLine(F($"| Tasks accepted | {r.Submit.TasksAccepted:N0} ({r.Submit.TasksAcceptedPerSecond:N0} tasks/s, {r.Submit.Requests:N0} requests) |"));
        md.AppendLine(F($"| Submit latency p50 / p90 / p99 / max | {Ms(r.Submit.Latency.P50Ms)} / {Ms(r.Submit.Latency.P90Ms)} / {Ms(r.Submit.Latency.P99Ms)} / {Ms(r.Submit.Latency.MaxMs)} ms |"));
        if (s.RateTasksPerSecond is not null)
        {
            md.AppendLine(F($"| Send lag p99 / max (generator behind schedule) | {Ms(r.Submit.SendLag.P99Ms)} / {Ms(r.Submit.SendLag.MaxMs)} ms |"));
        }

        md.AppendLine(F($"| Rejected tasks / failed requests | {r.Submit.TasksRejected:N0} / {Errors(r.Submit.Errors)} |"));
        md.AppendLine(F($"| Succeeded + persisted, in window | {c.SucceededPerSecondInWindow:N0} tasks/s |"));
        md.AppendLine(F($"| Succeeded + persisted, measured tasks incl. drain | {c.SucceededPerSecondIncludingDrain:N0} tasks/s ({c.Succeeded:N0} of {c.MeasuredTasks:N0}) |"));
        md.AppendLine(F($"| Submit → persisted succeeded p50 / p99 | {Ms(c.EndToEnd.P50Ms)} / {Ms(c.EndToEnd.P99Ms)} ms (server-side {Ms(c.ServerSide.P50Ms)} / {Ms(c.ServerSide.P99Ms)} ms) |"));
        md.AppendLine(F($"| Not finished after drain ({c.DrainSeconds:N0} s) / other terminal | {c.NotFinished:N0} / {Errors(c.OtherTerminal)} |"));
        md.AppendLine(F($"| Completion source | {c.Source} |"));
        md.AppendLine();
        md.AppendLine("| Process | PIDs | CPU-seconds | % of one core |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var p in r.Cpu)
        {
            md.AppendLine(F($"| {p.Process} | {p.Pids} | {p.CpuSeconds:N1} | {p.PercentOfOneCore:N0} % |"));
        }

        return md.ToString();
    }

    public static string Markdown(SeedListResult r)
    {
        var md = new StringBuilder();
        md.AppendLine(F($"### seed-list: {r.Seed.TasksAfter:N0} tasks of service `{r.ServiceId}` (inserted {r.Seed.Inserted:N0} in {r.Seed.Seconds:N0} s, {r.Seed.RowsPerSecond:N0} rows/s)"));
        md.AppendLine();
        if (r.Seed.StatusCountsTotal is { } total)
        {
            md.AppendLine(F($"task_status_counts total {total:N0}: {Errors(r.Seed.StatusCounts!)}"));
            md.AppendLine();
        }

        md.AppendLine("| GET /api/v1/tasks | Requests | p50 ms | p90 ms | p99 ms | max ms | items/page |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in r.Scenarios)
        {
            md.AppendLine(F($"| {s.Name} (`{s.Query}`) | {s.Latency.Count:N0} | {Ms(s.Latency.P50Ms)} | {Ms(s.Latency.P90Ms)} | {Ms(s.Latency.P99Ms)} | {Ms(s.Latency.MaxMs)} | {s.MeanItemsPerPage:N1} |"));
        }

        return md.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "0.00" : value < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    private static string Errors(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0 ? "0" : string.Join(", ", errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => F($"{e.Key}: {e.Value:N0}")));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
