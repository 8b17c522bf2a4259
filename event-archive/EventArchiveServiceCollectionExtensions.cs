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

        // One client per process (it holds the connection pools); created only when the backend is mongo.
        services.TryAddSingleton<IMongoClient>(sp => new MongoClient(sp.GetRequiredService<IOptions<EventArchiveOptions>>().Value.Mongo.ConnectionString));
        services.TryAddSingleton<IEventArchive>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EventArchiveOptions>>().Value;
            return options.Backend switch
            {
                EventArchiveBackend.Mongo => new MongoEventArchive(sp.GetRequiredService<IMongoClient>(), options.Mongo, options.Retention),
                _ => sp.GetRequiredService<PostgresEventArchive>(),
            };
        });
        return services;
    }
}
