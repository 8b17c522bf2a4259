using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Observatory.ServiceDefaults.Stats;

namespace Observatory.ServiceDefaults;

/// <summary>
/// Settings every Observatory process reads from the <c>Observatory</c> section (environment
/// variables <c>Observatory__Postgres__ConnectionString</c> and so on).
/// </summary>
public sealed class ObservatoryOptions
{
    public const string SectionName = "Observatory";

    /// <summary>Identifies the deployment; grain state is keyed by it, so it never changes.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,150}$")]
    public string ServiceId { get; set; } = "observatory";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,150}$")]
    public string ClusterId { get; set; } = "local";

    [Required]
    [ValidateObjectMembers]
    public PostgresSettings Postgres { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public RabbitMqSettings RabbitMq { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public RedisSettings Redis { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public StatsSettings Stats { get; set; } = new();
}

/// <summary>The PostgreSQL database that holds cluster membership, grain state and the schema.</summary>
public sealed class PostgresSettings
{
    [Required(ErrorMessage = "Observatory:Postgres:ConnectionString is required.")]
    public string ConnectionString { get; set; } = string.Empty;
}

/// <summary>The broker that carries the task streams.</summary>
public sealed class RabbitMqSettings
{
    [Required(ErrorMessage = "Observatory:RabbitMq:Uri is required.")]
    public Uri? Uri { get; set; }

    /// <summary>Fixed per deployment: see the stream provider's README.</summary>
    [Range(1, 1024)]
    public int QueueCount { get; set; } = 8;

    [Required]
    public string QueueNamePrefix { get; set; } = "observatory-tasks";
}
