using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Observatory.Database.ReadModel;

/// <summary>Registers <see cref="TaskReadModel"/> over a pooled PostgreSQL data source.</summary>
public static class ReadModelServiceCollectionExtensions
{
    public static IServiceCollection AddTaskReadModel(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton<TaskReadModel>();
        return services;
    }
}
