using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Observatory.Gateway.Http;

namespace Observatory.Gateway.Security;

/// <summary>
/// Authenticates a caller by the API key in <c>Authorization: Bearer</c> or <c>X-Api-Key</c>, and
/// answers 401 and 403 as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";
    private readonly ApiKeyRing _keys;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
        : base(options, logger, encoder)
    {
        _keys = keys;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (_keys.Find(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var claims = key.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)).Append(new Claim(ClaimTypes.Name, key.Name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{BearerPrefix.TrimEnd()} realm=\"observatory\"";
        var presented = PresentedKey(Request) is not null;
        await Problems.Create(Context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized,
            presented ? "The API key is not valid." : "An API key is required.",
            $"Send a key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Problems.Create(Context, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "The API key may not do this.",
            $"The key '{Context.User.Identity?.Name}' lacks the scope this endpoint needs.").ExecuteAsync(Context);

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        var header = request.Headers[HeaderName].ToString();
        return header.Length > 0 ? header : null;
    }
}
