using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>
/// Degraded, never unhealthy, when Redis does not answer: only the statistics' history depends on it,
/// so it is not tagged ready and never takes a process out of service.
/// </summary>
public sealed class RedisHealthCheck : IHealthCheck
{
    private readonly StatsRedis _redis;

    public RedisHealthCheck(StatsRedis redis)
    {
        _redis = redis;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await (await _redis.DatabaseAsync()).PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis does not answer: statistics history is not being written.", exception);
        }
    }
}
