using System.ComponentModel.DataAnnotations;

namespace Observatory.EventArchive;

/// <summary>Where lifecycle events are archived: the <c>Observatory:Archive</c> section.</summary>
public sealed class EventArchiveOptions
{
    public const string SectionName = "Observatory:Archive";

    /// <summary><c>postgres</c> (default: the Observatory database) or <c>mongo</c> (needs <see cref="MongoArchiveSettings.ConnectionString"/>).</summary>
    public EventArchiveBackend Backend { get; set; } = EventArchiveBackend.Postgres;

    public MongoArchiveSettings Mongo { get; set; } = new();

    /// <summary>How long events are kept; null keeps them forever. MongoDB expires them with a TTL index, PostgreSQL with a periodic bounded delete.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>PostgreSQL: how often expired events are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PostgreSQL: most events one delete statement removes, so a sweep never holds long locks or bloats one transaction.</summary>
    [Range(1, 1_000_000)]
    public int RetentionDeleteBatch { get; set; } = 10_000;
}

/// <summary>The archive's storage.</summary>
public enum EventArchiveBackend
{
    Postgres,
    Mongo,
}

/// <summary>The MongoDB archive: connection, database and collection.</summary>
public sealed class MongoArchiveSettings
{
    /// <summary>A <c>mongodb://</c> or <c>mongodb+srv://</c> connection string; required when the backend is <c>mongo</c>.</summary>
    public string? ConnectionString { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,63}$")]
    public string Database { get; set; } = "observatory";

    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,120}$")]
    public string Collection { get; set; } = "taskEvents";
}
