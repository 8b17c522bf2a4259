using System.ComponentModel.DataAnnotations;

namespace Observatory.Silo;

/// <summary>How this silo is reached by other silos (<see cref="SiloPort"/>) and by clients (<see cref="GatewayPort"/>).</summary>
public sealed class SiloEndpointOptions
{
    public const string SectionName = "Observatory:Silo";

    /// <summary>A name for this silo, shown in task attempts and the dashboard; the host name by default.</summary>
    public string? Name { get; set; }

    /// <summary>The address other silos and clients use; in Kubernetes the pod IP.</summary>
    [Required]
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Listen on every interface (containers) instead of only the advertised address.</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
