using System.ComponentModel.DataAnnotations;

namespace Observatory.Silo.Archive;

/// <summary>How the silo's archive writer batches, buffers and retries: the <c>Observatory:Archive:Writer</c> section.</summary>
public sealed class EventArchiveWriterOptions
{
    public const string SectionName = "Observatory:Archive:Writer";

    /// <summary>Most events per write (one round trip each).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest an event waits for its batch to fill before the batch is written anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events kept while the archive is slow or down; beyond it the oldest are dropped (counted and logged), grains never wait.</summary>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 100_000;

    /// <summary>Health turns Degraded when more events than this wait to be archived.</summary>
    [Range(0, 10_000_000)]
    public int DegradedBacklog { get; set; } = 10_000;

    /// <summary>First pause after a failed write; it doubles per failure up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping silo tries to write what it still holds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FlushOnStopTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
