namespace Observatory.Gateway.Security;

/// <summary>
/// How task API endpoints ask for a scope. Each host defines what satisfies the scope policies
/// (<see cref="ApiScopes.Read"/>, <see cref="ApiScopes.Write"/>) and the <see cref="RateLimitPolicy"/>:
/// the gateway with API keys, the dashboard with its signed-in user.
/// </summary>
public static class ScopeRequirements
{
    public const string RateLimitPolicy = "api";

    /// <summary>Requires the policy named <paramref name="scope"/> and applies the per-caller limit.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope).RequireRateLimiting(RateLimitPolicy);
}
