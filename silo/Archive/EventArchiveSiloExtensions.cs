using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.EventArchive;

namespace Observatory.Silo.Archive;

/// <summary>The silo's part of the event archive: the writer, the PostgreSQL retention sweep and the archive health check.</summary>
public static class EventArchiveSiloExtensions
{
    /// <summary>Tag of the archive's health check, served at <see cref="HealthPath"/> and kept out of <c>/readyz</c>.</summary>
    public const string HealthTag = "archive";

    public const string HealthPath = "/health/archive";

    public static IServiceCollection AddEventArchiveWriter(this IServiceCollection services, string postgresConnectionString)
    {
        services.AddEventArchive(postgresConnectionString);
        services.AddOptions<EventArchiveWriterOptions>()
            .BindConfiguration(EventArchiveWriterOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<EventArchiveWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EventArchiveWriter>());
        services.AddHostedService<PostgresArchiveRetention>();
        services.AddHealthChecks().AddCheck<EventArchiveHealthCheck>("event-archive", tags: [HealthTag]);
        return services;
    }

    /// <summary><c>/health/archive</c>: <c>Healthy</c> or <c>Degraded</c> (both 200), so a down archive is visible without failing readiness.</summary>
    public static IEndpointRouteBuilder MapEventArchiveHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTag) });
        return endpoints;
    }
}
