using Microsoft.AspNetCore.DataProtection;
using Observatory.ServiceDefaults;
using StackExchange.Redis;

namespace Observatory.Dashboard.Auth;

/// <summary>
/// Keeps the key ring that signs the sign-in cookie and antiforgery tokens in Redis
/// (<c>Observatory:Redis</c>): every dashboard replica accepts what another issued, and a restart
/// or rollout signs nobody out. Without it each process made its own keys in memory.
/// </summary>
public static class SharedKeyRing
{
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, ObservatoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = ConfigurationOptions.Parse(options.Redis.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "observatory-dashboard";

        // Connected on first use (the first sign-in or page), not while the host starts.
        var redis = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
        services.AddDataProtection()
            .SetApplicationName("observatory-dashboard")
            .PersistKeysToStackExchangeRedis(() => redis.Value.GetDatabase(), options.Stats.PrefixFor(options.ServiceId) + "dashboard:data-protection-keys");
        return services;
    }
}
