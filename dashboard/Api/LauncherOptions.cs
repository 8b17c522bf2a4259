using System.ComponentModel.DataAnnotations;

namespace Observatory.Dashboard.Api;

/// <summary>The launcher's links (Grafana, Prometheus, RabbitMQ management, the API reference, ...), from configuration.</summary>
public sealed class LauncherOptions
{
    public const string SectionName = "Observatory:Dashboard";

    public IList<LauncherLink> Links { get; } = [];
}

/// <summary>One launcher entry.</summary>
public sealed class LauncherLink
{
    [Required]
    [StringLength(64, MinimumLength = 1)]
    public string Name { get; set; } = "";

    [Required]
    [Url]
    public string Url { get; set; } = "";
}
