using Observatory.LoadTest.Metrics;

namespace Observatory.LoadTest.Report;

/// <summary>Everything a <c>seed-list</c> run measured; serialized as the JSON result.</summary>
internal sealed record SeedListResult(
    string Mode,
    DateTimeOffset StartedAt,
    string Gateway,
    string ServiceId,
    SeedStats Seed,
    IReadOnlyList<ListScenarioResult> Scenarios);

/// <summary>What seeding found and did.</summary>
/// <remarks>
/// <para><c>StatusCounts</c>: task_status_counts summed per status after seeding (null when the table is missing).</para>
/// </remarks>
internal sealed record SeedStats(
    long TasksBefore,
    long Inserted,
    long TasksAfter,
    double Seconds,
    double RowsPerSecond,
    IReadOnlyDictionary<string, long>? StatusCounts,
    long? StatusCountsTotal);

/// <summary>Latency of one list query shape over HTTP.</summary>
internal sealed record ListScenarioResult(string Name, string Query, LatencySummary Latency, double MeanItemsPerPage);
