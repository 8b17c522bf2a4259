using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Observatory.EventArchive.Mongo;
using Observatory.EventArchive.Postgres;

namespace Observatory.EventArchive;

/// <summary>Registers the configured <see cref="IEventArchive"/> backend.</summary>
public static class EventArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EventArchiveOptions"/> from <c>Observatory:Archive</c> (validated at start)
    /// and registers the backend it names; the PostgreSQL backend uses <paramref name="postgresConnectionString"/>.
    /// </summary>
    public static IServiceCollection AddEventArchive(this IServiceCollection services, string postgresConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postgresConnectionString);
        services.AddOptions<EventArchiveOptions>()
            .BindConfiguration(EventArchiveOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventArchiveOptions>, EventArchiveOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new PostgresEventArchive(postgresConnectionString));
        services.TryAddSingleton<IEventArchive>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EventArchiveOptions>>().Value;
            return options.Backend switch
            {
                EventArchiveBackend.Mongo => new MongoEventArchive(new MongoClient(options.Mongo.ConnectionString), options.Mongo, options.Retention),
                _ => sp.GetRequiredService<PostgresEventArchive>(),
            };
        });
        return services;
    }
}
