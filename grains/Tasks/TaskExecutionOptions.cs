using System.ComponentModel.DataAnnotations;

namespace Observatory.Grains.Tasks;

/// <summary>How task grains run their handlers.</summary>
public sealed class TaskExecutionOptions
{
    public const string SectionName = "Observatory:Tasks";

    /// <summary>An attempt still running after this long is cancelled and recorded as timed out, unless the task sets its own timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An attempt that finishes within this time is persisted once, with its outcome; a longer one
    /// is also persisted as running when the grace period ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RunningStateGrace { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Attempts one silo runs at once; more tasks wait (queued) instead of overloading the silo.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentAttempts { get; set; } = 256;

    /// <summary>
    /// How long a delivered task waits for a free slot before it is parked as queued (and picked up
    /// by the due-task poller). Keep it well under the stream's event delivery time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan SlotWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts a task gets when it does not say.</summary>
    [Range(1, 20)]
    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>Back-off before the first retry; it doubles per failed attempt, with full jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off between attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a cancel request waits for a running attempt to stop before answering.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CancelWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an <c>Idempotency-Key</c> keeps returning the task it created.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>CPU-bound handler work running at once, on dedicated threads; one core is left to Orleans.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentCpuWork { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);
}
