using System.ComponentModel.DataAnnotations;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>How the statistics are gathered and kept (<c>Observatory:Stats</c>).</summary>
public sealed class StatsSettings
{
    /// <summary>How often each silo reports its snapshot and the stats grain flushes to Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the stats grain reads the counts by status from PostgreSQL.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CountsRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A snapshot older than this marks its silo stale in <c>/api/v1/stats</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Prefix of every Redis key; empty means <c>observatory:{ServiceId}:</c>.</summary>
    [RegularExpression("^[A-Za-z0-9_.:{}-]{0,100}$")]
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>How long per-second series buckets are kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SecondRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long per-minute series buckets are kept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The key prefix in force for <paramref name="serviceId"/>.</summary>
    public string PrefixFor(string serviceId) => string.IsNullOrEmpty(KeyPrefix) ? $"observatory:{serviceId}:" : KeyPrefix;
}
