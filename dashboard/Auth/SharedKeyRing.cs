using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using Observatory.ServiceDefaults;

namespace Observatory.Dashboard.Auth;

/// <summary>
/// Keeps the key ring that signs the sign-in cookie and antiforgery tokens in PostgreSQL
/// (<see cref="PostgresKeyRepository"/>): every dashboard replica accepts what another issued, and a
/// restart or rollout signs nobody out. Without it each process made its own keys in memory.
/// </summary>
public static class SharedKeyRing
{
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, ObservatoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddDataProtection().SetApplicationName("observatory-dashboard");

        // The read model's data source (AddTaskApiHost), not a second pool.
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, dataSource) =>
            keys.XmlRepository = new PostgresKeyRepository(dataSource, options.ServiceId));
        return services;
    }
}
