using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Observatory.Gateway.Http;

namespace Observatory.Gateway.Security;

/// <summary>
/// API keys, scope policies, per-caller rate limits and CORS for the gateway's API. Endpoints opt in
/// with <see cref="ScopeRequirements.RequireScope"/>; the webhook and the probes keep their own rules.
/// </summary>
public static class ApiAccess
{
    public const string RateLimitPolicy = ScopeRequirements.RateLimitPolicy;
    public const string CorsPolicy = "api";

    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddOptions<ApiAccessOptions>().BindConfiguration(ApiAccessOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiAccessOptions>, ApiAccessOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.Write, policy => policy.RequireClaim(ApiScopes.ClaimType, ApiScopes.Write))
            .AddPolicy(ApiScopes.Read, policy => policy.AddRequirements(new ReadRequirement()));
        services.AddSingleton<IAuthorizationHandler, ReadRequirementHandler>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy<string, CallerRateLimitPolicy>(RateLimitPolicy);
            limiter.OnRejected = OnRejectedAsync;
        });
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<ApiAccessOptions>>((cors, access) => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. access.Value.AllowedOrigins])
                .WithHeaders("Content-Type", "Authorization", ApiKeyAuthenticationHandler.HeaderName, CorrelationId.HeaderName, "Idempotency-Key")
                .WithExposedHeaders(CorrelationId.HeaderName, "Location", "Retry-After")
                .WithMethods("GET", "POST")));
        return services;
    }

    public static IApplicationBuilder UseApiAccess(this IApplicationBuilder app)
    {
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.Create(context, StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.",
            $"This caller exceeded its request rate; retry after {seconds} s.").ExecuteAsync(context);
    }

    private sealed class ReadRequirement : IAuthorizationRequirement;

    private sealed class ReadRequirementHandler(IOptions<ApiAccessOptions> options) : AuthorizationHandler<ReadRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadRequirement requirement)
        {
            if (!options.Value.RequireKeyForReads || context.User.HasClaim(ApiScopes.ClaimType, ApiScopes.Read))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
