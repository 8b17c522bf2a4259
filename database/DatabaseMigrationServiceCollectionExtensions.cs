using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Observatory.Database;

/// <summary>Registers the start-up migration of Observatory's PostgreSQL database.</summary>
public static class DatabaseMigrationServiceCollectionExtensions
{
    /// <summary>
    /// Migrates the database while the host starts, before the Orleans silo (or any other hosted
    /// service) starts. Calling it more than once registers the service once.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="connectionString">Picks the Npgsql connection string, e.g. from configuration.</param>
    /// <param name="configure">Optional further settings (retry timeout, ...).</param>
    public static IServiceCollection AddObservatoryDatabaseMigrations(
        this IServiceCollection services,
        Func<IServiceProvider, string> connectionString,
        Action<DatabaseMigrationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);

        var options = services.AddOptions<DatabaseMigrationOptions>()
            .Configure<IServiceProvider>((o, provider) => o.ConnectionString = connectionString(provider));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseMigrationOptions>, DatabaseMigrationOptionsValidator>());
        services.TryAddSingleton<PostgresMigrator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DatabaseMigrationHostedService>());
        return services;
    }
}
