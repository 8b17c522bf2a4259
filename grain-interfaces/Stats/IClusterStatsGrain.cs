namespace Observatory.Stats;

/// <summary>
/// The cluster's live statistics: merges each silo's cumulative snapshot (sent once a second) and
/// counts by status from PostgreSQL, and flushes them to Redis. One activation, key <see cref="Key"/>;
/// it holds no durable state, so a reactivation rebuilds itself from the next round of snapshots.
/// </summary>
[Alias("observatory.stats.cluster")]
public interface IClusterStatsGrain : IGrainWithIntegerKey
{
    const long Key = 0;

    /// <summary>
    /// Replaces the sending silo's previous snapshot. A repeated or late snapshot (same silo, not a
    /// higher sequence) changes nothing, so a retried call never counts twice.
    /// </summary>
    [Alias("report")]
    Task ReportAsync(SiloStatsSnapshot snapshot);

    /// <summary>The merged statistics of the active silos and PostgreSQL's counts by status.</summary>
    [Alias("get")]
    Task<ClusterStats> GetAsync();
}
