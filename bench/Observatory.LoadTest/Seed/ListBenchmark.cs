using System.Diagnostics;
using Observatory.LoadTest.Http;
using Observatory.LoadTest.Metrics;
using Observatory.LoadTest.Report;

namespace Observatory.LoadTest.Seed;

/// <summary>
/// Latency of GET /api/v1/tasks pages, one request at a time (a user paging a console, not a
/// stress test): each query shape gets a few unmeasured warm-up requests, then N measured ones.
/// </summary>
internal sealed class ListBenchmark
{
    private readonly TaskApiClient _api;
    private readonly int _requests;
    private readonly int _warmup;

    public ListBenchmark(TaskApiClient api, int requests, int warmup)
    {
        _api = api;
        _requests = requests;
        _warmup = warmup;
    }

    /// <summary>The same page <c>requests</c> times.</summary>
    public async Task<ListScenarioResult> MeasureAsync(string name, string query, CancellationToken ct)
    {
        for (var i = 0; i < _warmup; i++)
        {
            await _api.ListAsync(query, ct);
        }

        var histogram = new LatencyHistogram();
        long items = 0;
        for (var i = 0; i < _requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await _api.ListAsync(query, ct);
            histogram.Record(Stopwatch.GetElapsedTime(started));
            items += page.Items;
        }

        return Result(name, query, histogram, items);
    }

    /// <summary>Follows nextCursor from the first page for <paramref name="pages"/> pages, repeatedly, until <c>requests</c> pages were measured.</summary>
    public async Task<ListScenarioResult> MeasureDeepPagingAsync(string baseQuery, int pages, CancellationToken ct)
    {
        var name = $"cursor paging, {pages} pages deep";
        await WalkAsync(baseQuery, Math.Min(pages, Math.Max(1, _warmup)), null, ct);
        var histogram = new LatencyHistogram();
        long items = 0;
        while (histogram.Count < _requests)
        {
            var want = (int)Math.Min(pages, _requests - histogram.Count);
            var walked = await WalkAsync(baseQuery, want, histogram, ct);
            items += walked.Items;
            if (walked.Pages < want)
            {
                Console.WriteLine($"  note: the listing ended after {walked.Pages} pages, before {pages}");
                break;
            }
        }

        return Result(name, $"{baseQuery}&cursor=…", histogram, items);
    }

    private async Task<(int Pages, long Items)> WalkAsync(string baseQuery, int pages, LatencyHistogram? histogram, CancellationToken ct)
    {
        string? cursor = null;
        long items = 0;
        for (var i = 0; i < pages; i++)
        {
            var query = cursor is null ? baseQuery : $"{baseQuery}&cursor={Uri.EscapeDataString(cursor)}";
            var started = Stopwatch.GetTimestamp();
            var page = await _api.ListAsync(query, ct);
            histogram?.Record(Stopwatch.GetElapsedTime(started));
            items += page.Items;
            cursor = page.NextCursor;
            if (cursor is null)
            {
                return (i + 1, items);
            }
        }

        return (pages, items);
    }

    private static ListScenarioResult Result(string name, string query, LatencyHistogram histogram, long items) =>
        new(name, query, histogram.Summarize(), histogram.Count == 0 ? 0 : (double)items / histogram.Count);
}
