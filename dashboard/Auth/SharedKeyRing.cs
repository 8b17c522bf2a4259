using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Observatory.ServiceDefaults;
using Observatory.ServiceDefaults.Stats;

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
        var key = options.Stats.PrefixFor(options.ServiceId) + "dashboard:data-protection-keys";
        services.AddDataProtection().SetApplicationName("observatory-dashboard");

        // The statistics' connection (AddObservatoryStatsRedis), not a second one; the key ring is read
        // on first use (the first sign-in or page) and then cached, so this wait happens once.
        services.AddOptions<KeyManagementOptions>().Configure<StatsRedis>((keys, redis) =>
            keys.XmlRepository = new RedisXmlRepository(() => redis.DatabaseAsync().GetAwaiter().GetResult(), key));
        return services;
    }
}
