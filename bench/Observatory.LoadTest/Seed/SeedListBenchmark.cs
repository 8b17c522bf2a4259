using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Observatory.LoadTest.Cli;
using Observatory.LoadTest.Http;
using Observatory.LoadTest.Report;

namespace Observatory.LoadTest.Seed;

/// <summary>The <c>seed-list</c> mode: top the table up to N tasks, then measure list-page latency per query shape.</summary>
internal static class SeedListBenchmark
{
    public static async Task<int> RunAsync(SeedListOptions o, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var db = NpgsqlDataSource.Create(o.Postgres);
        var seeder = new TaskSeeder(db, o.ServiceId);
        await seeder.EnsureReadModelAsync(ct);

        var before = await seeder.CountAsync(ct);
        var missing = Math.Max(0, o.Count - before);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed-list: service '{o.ServiceId}' has {before:N0} tasks, target {o.Count:N0}; inserting {missing:N0}"));
        var watch = Stopwatch.StartNew();
        var inserted = missing == 0
            ? 0
            : await seeder.InsertAsync(missing, o.InsertBatch, new SeedTaskGenerator(unchecked((int)before), startedAt, o.SpreadDays), ct);
        var seconds = watch.Elapsed.TotalSeconds;
        if (inserted > 0)
        {
            await using var analyze = db.CreateCommand("ANALYZE orleans_storage");
            await analyze.ExecuteNonQueryAsync(ct);
        }

        var after = await seeder.CountAsync(ct);
        var counts = await seeder.StatusCountsAsync(ct);
        var seed = new SeedStats(before, inserted, after, seconds, inserted > 0 ? inserted / seconds : 0, counts, counts?.Values.Sum());
        if (counts is not null && counts.Values.Sum() != after)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WARNING: task_status_counts sums to {counts.Values.Sum():N0} but orleans_storage holds {after:N0} tasks"));
        }

        using var api = new TaskApiClient(o.Gateway);
        var bench = new ListBenchmark(api, o.Requests, o.WarmupRequests);
        var limit = string.Create(CultureInfo.InvariantCulture, $"limit={o.Limit}");
        var windowTo = startedAt - TimeSpan.FromDays(o.SpreadDays / 2.0);
        var window = $"from={Uri.EscapeDataString(Iso(windowTo - TimeSpan.FromDays(1)))}&to={Uri.EscapeDataString(Iso(windowTo))}&{limit}";
        var scenarios = new List<ListScenarioResult>();
        foreach (var (name, query) in new[]
        {
            ("no filter", limit),
            ("status filter", $"status=failed&{limit}"),
            ("type filter", $"type=sleep&{limit}"),
            ("tag filter", $"tag=etl&{limit}"),
            ("from/to window (1 day)", window),
        })
        {
            Console.WriteLine($"  measuring {name}: GET /api/v1/tasks?{query}");
            scenarios.Add(await bench.MeasureAsync(name, query, ct));
        }

        Console.WriteLine($"  measuring cursor paging: {o.Pages} pages from GET /api/v1/tasks?{limit}");
        scenarios.Add(await bench.MeasureDeepPagingAsync(limit, o.Pages, ct));

        var result = new SeedListResult("seed-list", startedAt, o.Gateway.ToString(), o.ServiceId, seed, scenarios);
        await ResultWriter.WriteAsync(result, ResultWriter.Markdown(result), o.OutPath, ct);
        return 0;
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
