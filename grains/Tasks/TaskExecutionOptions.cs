using System.ComponentModel.DataAnnotations;

namespace Observatory.Grains.Tasks;

/// <summary>How task grains run their handlers.</summary>
public sealed class TaskExecutionOptions
{
    public const string SectionName = "Observatory:Tasks";

    /// <summary>An attempt still running after this long is cancelled and recorded as timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An attempt that finishes within this time is persisted once, with its outcome; a longer one
    /// is also persisted as running when the grace period ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RunningStateGrace { get; set; } = TimeSpan.FromMilliseconds(100);
}
