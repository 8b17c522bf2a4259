using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.ServiceDefaults;
using Observatory.ServiceDefaults.Stats;

namespace Observatory.Grains.Stats;

/// <summary>Registers a silo's statistics: the pre-aggregator over its event feed, its reporter, and what the cluster stats grain writes to.</summary>
public static class StatsServiceCollectionExtensions
{
    public static IServiceCollection AddObservatoryStats(this IServiceCollection services, ObservatoryOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiloStatsAggregator>();
        services.AddHostedService<SiloStatsReporter>();
        services.AddObservatoryStatsRedis(options);
        return services;
    }
}
