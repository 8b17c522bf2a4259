using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Observatory.ServiceDefaults.Metrics;

/// <summary>
/// What every process exports at <c>/metrics</c> besides its own metrics (docs/metrics.md): process
/// and .NET runtime metrics (prometheus-net's default collectors), Orleans' meter, and the state of
/// each health check.
/// </summary>
public static class MetricsExport
{
    /// <summary>The meter Orleans publishes its runtime instruments on.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Configures the exporters and labels every metric with <paramref name="serviceName"/>. Must
    /// run before any metric is created: prometheus-net reads these settings once.
    /// </summary>
    public static void Configure(IServiceCollection services, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Only Orleans' meter: the runtime's own meters and event counters repeat the default
        // process and .NET collectors, and the QUIC and HttpClient ones are noise with unbounded labels.
        Prometheus.Metrics.ConfigureMeterAdapter(meters => meters.InstrumentFilterPredicate = instrument => instrument.Meter.Name == OrleansMeter);

        // The event counter adapter is off, not filtered: it also picks up counters another listener
        // (Orleans' own) enables, whatever its filter says.
        Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions { SuppressEventCounters = true });
        Prometheus.Metrics.DefaultRegistry.SetStaticLabels(new Dictionary<string, string> { ["service"] = serviceName });

        services.AddSingleton<IHealthCheckPublisher, HealthCheckMetricsPublisher>();
        services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.FromSeconds(2);
            publisher.Period = HealthCheckMetricsPublisher.Period;
        });
    }
}
