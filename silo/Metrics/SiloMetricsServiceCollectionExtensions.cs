namespace Observatory.Silo.Metrics;

/// <summary>Registers the silo's own metrics: tasks and cluster membership.</summary>
internal static class SiloMetricsServiceCollectionExtensions
{
    public static IServiceCollection AddSiloMetrics(this IServiceCollection services) =>
        services.AddHostedService<TaskMetricsConsumer>().AddHostedService<ClusterMetrics>();
}
