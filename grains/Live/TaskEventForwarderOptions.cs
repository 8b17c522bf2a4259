using System.ComponentModel.DataAnnotations;

namespace Observatory.Grains.Live;

/// <summary>How a silo forwards its task event feed to the cluster's <see cref="TaskEventHubGrain"/>.</summary>
public sealed class TaskEventForwarderOptions
{
    public const string SectionName = "Observatory:LiveEvents";

    /// <summary>How often the silo sends what it collected; one call per interval at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most events one batch carries; more wait for the next interval.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 2_000;

    /// <summary>The silo's buffer; when forwarding falls behind, the oldest events are dropped and counted.</summary>
    [Range(1, 1_000_000)]
    public int BufferCapacity { get; set; } = 20_000;
}
