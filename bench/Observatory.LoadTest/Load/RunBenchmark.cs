using System.Globalization;
using Observatory.LoadTest.Cli;
using Observatory.LoadTest.Completion;
using Observatory.LoadTest.Http;
using Observatory.LoadTest.Metrics;
using Observatory.LoadTest.Report;

namespace Observatory.LoadTest.Load;

/// <summary>
/// The <c>run</c> mode: warm-up, measured window (submit latency, CPU per process), then a drain
/// that reads how every submitted task ended from PostgreSQL, and the report.
/// </summary>
internal static class RunBenchmark
{
    public static async Task<int> RunAsync(RunOptions o, CancellationToken ct)
    {
        using var api = new TaskApiClient(o.Gateway, o.TaskType, o.PayloadJson, o.Tags, o.Submit, o.BatchSize);
        await using var tracker = await CreateTrackerAsync(o, api, ct);

        var clock = new BenchClock();
        var windowStart = o.Warmup;
        var windowEnd = o.Warmup + o.Duration;
        var recorder = new SubmitRecorder(clock, windowStart, windowEnd);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run: {o.Submit.ToString().ToLowerInvariant()} submit of '{o.TaskType}' to {o.Gateway}, {(o.Rate is { } r ? $"open loop {r:N0} tasks/s" : $"closed loop x{o.Concurrency}")}, warm-up {o.Warmup.TotalSeconds:0.#} s, measured {o.Duration.TotalSeconds:0.#} s"));

        var driver = o.Rate is { } rate
            ? new OpenLoopScheduler(clock, recorder).RunAsync(api.SubmitAsync, rate / o.TasksPerRequest, windowEnd, o.MaxInFlight, ct)
            : new ClosedLoopDriver(clock, recorder).RunAsync(api.SubmitAsync, o.Concurrency, windowEnd, ct);

        var cpu = new ProcessCpuSampler();
        await DelayUntilAsync(clock, windowStart, driver, ct);
        cpu.Start();
        await DelayUntilAsync(clock, windowEnd, driver, ct);
        var cpuUsage = cpu.Stop();
        await driver;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window done: {recorder.MeasuredAccepted:N0} tasks accepted; waiting for them to finish ({tracker.Source})"));

        var windowStartWall = clock.At(windowStart);
        var windowEndWall = clock.At(windowEnd);
        var tasks = recorder.Tasks();
        var drainStarted = clock.Elapsed;
        var outcomes = await tracker.WaitForTerminalAsync([.. tasks.Select(t => t.Id)], o.DrainTimeout, ct);
        var drainSeconds = (clock.Elapsed - drainStarted).TotalSeconds;

        var result = new RunResult(
            "run",
            clock.At(TimeSpan.Zero),
            Settings(o),
            new SubmitStats(
                recorder.MeasuredRequests,
                recorder.MeasuredAccepted,
                recorder.MeasuredRejected,
                recorder.MeasuredAccepted / o.Duration.TotalSeconds,
                recorder.Latency.Summarize(),
                recorder.SendLag.Summarize(),
                recorder.Errors()),
            CompletionAnalysis.Analyze(tracker.Source, tasks, outcomes, windowStartWall, windowEndWall, drainSeconds),
            cpuUsage);
        await ResultWriter.WriteAsync(result, ResultWriter.Markdown(result), o.OutPath, ct);
        return 0;
    }

    private static async Task<ICompletionTracker> CreateTrackerAsync(RunOptions o, TaskApiClient api, CancellationToken ct)
    {
        var (pg, problem) = await PgCompletionTracker.TryCreateAsync(o.Postgres, o.ServiceId, ct);
        if (pg is not null)
        {
            return pg;
        }

        Console.WriteLine($"WARNING: cannot measure completion from PostgreSQL: {problem}.");
        Console.WriteLine("         Falling back to polling GET /api/v1/tasks/{id} after the window (completedAt - submittedAt).");
        return new HttpCompletionPoller(api);
    }

    /// <summary>Waits for a point of the run; returns early (and rethrows) if the driver failed.</summary>
    private static async Task DelayUntilAsync(BenchClock clock, TimeSpan at, Task driver, CancellationToken ct)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(Task.Delay(wait, ct), driver);
        }

        if (driver.IsFaulted)
        {
            await driver;
        }
    }

    private static RunSettings Settings(RunOptions o) => new(
        o.Gateway.ToString(),
        o.Submit.ToString().ToLowerInvariant(),
        o.TasksPerRequest,
        o.Rate is null ? "closed" : "open",
        o.Rate,
        o.Concurrency,
        o.MaxInFlight,
        o.Warmup.TotalSeconds,
        o.Duration.TotalSeconds,
        o.DrainTimeout.TotalSeconds,
        o.TaskType,
        o.PayloadJson,
        o.Tags);
}
