using System.ComponentModel.DataAnnotations;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>The Redis server that holds the statistics' totals and history series (<c>Observatory:Redis</c>).</summary>
public sealed class RedisSettings
{
    /// <summary>A StackExchange.Redis configuration string.</summary>
    [Required(ErrorMessage = "Observatory:Redis:ConnectionString is required.")]
    public string ConnectionString { get; set; } = "127.0.0.1:6379";
}
