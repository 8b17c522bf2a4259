using Microsoft.Extensions.Options;

namespace Observatory.Gateway.Security;

/// <summary>Refuses to start with a key that could never match or a limit that makes no sense.</summary>
public sealed class ApiAccessOptionsValidator : IValidateOptions<ApiAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var where = $"{ApiAccessOptions.SectionName}:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{where}:Name is required.");
            }

            if (!ApiKeyRing.IsSha256Hex(key.Sha256))
            {
                failures.Add($"{where}:Sha256 must be the 64-character hex SHA-256 of the key.");
            }

            if (key.Scopes.Count == 0 || key.Scopes.Any(s => !ApiScopes.IsKnown(s)))
            {
                failures.Add($"{where}:Scopes must list '{ApiScopes.Read}' and/or '{ApiScopes.Write}'.");
            }
        }

        if (options.Keys.GroupBy(k => k.Name, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add($"{ApiAccessOptions.SectionName}:Keys names must be unique.");
        }

        if (options.RateLimit.PermitsPerSecond < 1 || options.RateLimit.Burst < options.RateLimit.PermitsPerSecond)
        {
            failures.Add($"{ApiAccessOptions.SectionName}:RateLimit needs PermitsPerSecond >= 1 and Burst >= PermitsPerSecond.");
        }

        if (options.AllowedOrigins.Any(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/"))
        {
            failures.Add($"{ApiAccessOptions.SectionName}:AllowedOrigins must be origins such as https://ops.example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
