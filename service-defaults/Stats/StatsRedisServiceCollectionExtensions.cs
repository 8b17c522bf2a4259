using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>Registers the Redis connection, the statistics' key layout, writer and reader, and the Redis health check.</summary>
public static class StatsRedisServiceCollectionExtensions
{
    public const string HealthCheckName = "redis";

    public static IServiceCollection AddObservatoryStatsRedis(this IServiceCollection services, ObservatoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<IConnectionMultiplexer>(_ => Connect(options.Redis.ConnectionString));
        services.TryAddSingleton(new StatsRedisKeys(options.Stats.PrefixFor(options.ServiceId)));
        services.TryAddSingleton(options.Stats);
        services.TryAddSingleton<StatsRedisWriter>();
        services.TryAddSingleton<StatsHistoryReader>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName);
        return services;
    }

    /// <summary>
    /// Connects without failing when Redis is down (the client keeps reconnecting in the background)
    /// and fails commands at once while it is, so a Redis outage never holds up a caller.
    /// </summary>
    public static ConnectionMultiplexer Connect(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "observatory-stats";
        return ConnectionMultiplexer.Connect(configuration);
    }
}
