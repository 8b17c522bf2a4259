namespace Observatory.LoadTest.Cli;

/// <summary>Settings of the <c>seed-list</c> mode.</summary>
/// <remarks>
/// <para><c>Count</c>: Tasks the service must have in orleans_storage before measuring; only the shortfall is inserted.</para>
/// <para><c>SpreadDays</c>: Seeded submit times (and so UUIDv7 ids) are spread over this many days up to now.</para>
/// <para><c>Requests</c>: Measured requests per list scenario (deep paging: total pages over all walks).</para>
/// <para><c>Pages</c>: Pages followed by one deep-paging walk.</para>
/// </remarks>
internal sealed record SeedListOptions(
    Uri Gateway,
    string Postgres,
    string ServiceId,
    int Count,
    int InsertBatch,
    int SpreadDays,
    int Requests,
    int WarmupRequests,
    int Pages,
    int Limit,
    string OutPath)
{
    public static SeedListOptions Parse(ArgumentReader args) => new(
        args.Uri("--gateway", Defaults.Gateway),
        args.String("--postgres", Defaults.Postgres),
        args.String("--service-id", Defaults.ServiceId),
        args.Int("--count", 1_000_000, 0),
        args.Int("--insert-batch", 5_000, 1, 100_000),
        args.Int("--spread-days", 30, 1, 3650),
        args.Int("--requests", 500, 1),
        args.Int("--warmup-requests", 20, 0),
        args.Int("--pages", 100, 1),
        args.Int("--limit", 50, 1, 200),
        args.String("--out", Defaults.ResultPath("seed-list")));
}
