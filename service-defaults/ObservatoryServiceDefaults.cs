using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Observatory.ServiceDefaults.Metrics;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;
using Orleans.Configuration;
using Prometheus;

namespace Observatory.ServiceDefaults;

/// <summary>Wiring shared by the silo and the gateway, so both read the same settings the same way.</summary>
public static class ObservatoryServiceDefaults
{
    /// <summary>Health checks with this tag decide <c>/readyz</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Binds and validates <see cref="ObservatoryOptions"/> (at start-up), adds the dependency health
    /// checks and the metrics every process exports, each labelled with <paramref name="serviceName"/>.
    /// </summary>
    public static ObservatoryOptions AddObservatoryDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ObservatoryOptions>()
            .Bind(builder.Configuration.GetSection(ObservatoryOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ObservatoryOptions>, ObservatoryOptionsValidator>();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag])
            .AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [ReadyTag]);
        MetricsExport.Configure(builder.Services, serviceName);

        // Orleans is configured while the host is built, before options can be resolved: read the section directly.
        var options = new ObservatoryOptions();
        builder.Configuration.GetSection(ObservatoryOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary><c>/healthz</c> (the process lives), <c>/readyz</c> (dependencies answer), <c>/health</c> (every check) and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapObservatoryDefaults(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        // Every check: "Degraded" (still 200) when an optional dependency such as Redis is down.
        endpoints.MapHealthChecks("/health");
        endpoints.MapMetrics("/metrics");
        return endpoints;
    }

    /// <summary>Cluster identity shared by silos and clients.</summary>
    public static void ConfigureCluster(this IServiceCollection services, ObservatoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
    }

    /// <summary>The task stream provider's settings: identical on every producer and consumer.</summary>
    public static void ConfigureTaskStream(OptionsBuilder<RabbitMqStreamOptions> stream, ObservatoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        stream.Configure(o =>
        {
            o.ConnectionUri = options.RabbitMq.Uri;
            o.QueueCount = options.RabbitMq.QueueCount;
            o.QueueNamePrefix = options.RabbitMq.QueueNamePrefix;
            o.MessageIdSelector = e => e is TaskEventEnvelope envelope ? envelope.EventId.ToString() : null;
        });
    }
}
