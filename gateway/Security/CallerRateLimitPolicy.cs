using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Observatory.Gateway.Security;

/// <summary>A token bucket per caller: the API key's name, or the client address for anonymous reads.</summary>
public sealed class CallerRateLimitPolicy(IOptions<ApiAccessOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var caller = httpContext.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? "key:" + name
            : "ip:" + httpContext.Connection.RemoteIpAddress;
        var limit = options.Value.RateLimit;
        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
