using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Observatory.Gateway.Alerts;

/// <summary>Checks an <c>Authorization: Bearer</c> header against the configured token in constant time.</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static bool Matches(HttpRequest request, string? expected)
    {
        if (string.IsNullOrEmpty(expected)
            || request.Headers[HeaderNames.Authorization] is not [{ } header]
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison's time independent of both lengths.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
