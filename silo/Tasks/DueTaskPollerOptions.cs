using System.ComponentModel.DataAnnotations;

namespace Observatory.Silo.Tasks;

/// <summary>How the due-task poller looks for tasks that need waking.</summary>
public sealed class DueTaskPollerOptions
{
    public const string SectionName = "Observatory:Tasks:Poller";

    /// <summary>How often the read model is asked for due tasks; scheduled tasks start within this of their time even after a restart.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tasks due this soon are woken early so their grains can start them on the dot.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan LookAhead { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Due tasks woken per poll (at most the read model's scan limit, 1000).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often every running task is touched, whatever silo it claims: recovers an attempt whose outcome could not be written.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RunningSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Grain wake-ups in flight at once.</summary>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = 32;
}
