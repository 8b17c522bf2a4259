namespace Observatory.Gateway.Http;

/// <summary>Limits the gateway enforces on every request.</summary>
public static class GatewayLimits
{
    /// <summary>Larger bodies are refused with 413 before they are read.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;
}
