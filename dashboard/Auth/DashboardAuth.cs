using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Observatory.Gateway.Http;
using Observatory.Gateway.Security;

namespace Observatory.Dashboard.Auth;

/// <summary>
/// Cookie sign-in for the configured user, the task API's scope policies satisfied by being signed
/// in, a per-user rate limit, and antiforgery tokens required on every state-changing request.
/// </summary>
public static class DashboardAuth
{
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    // Each sign-in costs a PBKDF2 derivation (about 0.15 s of CPU here): a tight bucket per client address keeps
    // password guessing slow and keeps anonymous callers from spending the dashboard's CPU.
    private const string SignInRateLimitPolicy = "sign-in";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services)
    {
        services.AddOptions<DashboardUserOptions>().BindConfiguration(DashboardUserOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<DashboardUserOptions>, PasswordFileHashing>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "observatory-dashboard";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/";
            cookie.ReturnUrlParameter = "returnUrl";

            // The UI's calls get a status code to act on, not a redirect to an HTML page.
            cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.Read, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ApiScopes.Write, policy => policy.RequireAuthenticatedUser());
        services.AddAntiforgery(options => options.HeaderName = AntiforgeryHeader);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(ScopeRequirements.RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions { TokenLimit = 200, TokensPerPeriod = 100, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
            limiter.AddPolicy(SignInRateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions { TokenLimit = 30, TokensPerPeriod = 10, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>Rejects POSTs without a valid antiforgery token with 400 problem details.</summary>
    public static TBuilder RequireAntiforgeryOnPost<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsPost(http.Request.Method))
            {
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return Problems.Create(http, StatusCodes.Status400BadRequest, DashboardProblemTypes.Antiforgery,
                        "The request has no valid antiforgery token.", $"Send the token from GET /auth/session in the {AntiforgeryHeader} header.");
                }
            }

            return await next(context);
        });

    public static RouteGroupBuilder MapDashboardAuth(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").WithTags("Dashboard sign-in");
        group.MapGet("/session", Session);
        group.MapPost("/sign-in", SignInAsync).RequireAntiforgeryOnPost().RequireRateLimiting(SignInRateLimitPolicy);
        group.MapPost("/sign-out", (Delegate)SignOutAsync).RequireAntiforgeryOnPost();
        return group;
    }

    private static Ok<SessionResource> Session(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var user = context.User.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        return TypedResults.Ok(new SessionResource(user, tokens.RequestToken!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(HttpContext context, SignInRequest request, IOptions<DashboardUserOptions> options)
    {
        var user = options.Value;
        if (request.Name is null || request.Password is null
            || !string.Equals(request.Name, user.Name, StringComparison.Ordinal) | !PasswordHash.Verify(request.Password, user.PasswordHash))
        {
            return Problems.Create(context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Sign-in failed.", "The name or password is wrong.");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/live"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Who is signed in (null: nobody) and the antiforgery token for state-changing requests.</summary>
public sealed record SessionResource(string? User, string AntiforgeryToken);

/// <summary>The sign-in form.</summary>
public sealed record SignInRequest(string? Name, string? Password);
