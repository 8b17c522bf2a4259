namespace Observatory.Gateway.Http;

/// <summary>Limits the gateway enforces on every request.</summary>
public static class GatewayLimits
{
    /// <summary>Larger bodies are refused with 413 before they are read.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>A batch of up to <see cref="MaxBatchSize"/> tasks may be larger than one task.</summary>
    public const long MaxBatchRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>Tasks per batch submission.</summary>
    public const int MaxBatchSize = 1000;
}
