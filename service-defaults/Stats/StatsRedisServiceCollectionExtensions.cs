using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>Registers the statistics' Redis connection, key layout, writer and reader, and the Redis health check.</summary>
public static class StatsRedisServiceCollectionExtensions
{
    public const string HealthCheckName = "redis";

    public static IServiceCollection AddObservatoryStatsRedis(this IServiceCollection services, ObservatoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(_ => new StatsRedis(options.Redis.ConnectionString));
        services.TryAddSingleton(new StatsRedisKeys(options.Stats.PrefixFor(options.ServiceId)));
        services.TryAddSingleton(options.Stats);
        services.TryAddSingleton<StatsRedisWriter>();
        services.TryAddSingleton<StatsHistoryReader>();

        // Not tagged ready: Redis only holds the history, so its outage degrades, never unreadies, a process.
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName);
        return services;
    }
}
