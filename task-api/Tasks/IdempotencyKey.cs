using System.Security.Cryptography;
using System.Text.Json;

namespace Observatory.Gateway.Tasks;

/// <summary>The <c>Idempotency-Key</c> request header.</summary>
public static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>The key of the request, null when absent; false when present but unusable.</summary>
    public static bool TryRead(HttpRequest request, out string? key)
    {
        ArgumentNullException.ThrowIfNull(request);
        key = null;
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return true;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]) || values[0]!.Length > MaxLength || values[0]!.Any(char.IsControl))
        {
            return false;
        }

        key = values[0];
        return true;
    }

    /// <summary>A fingerprint of the request body, to tell a client's retry from a different request reusing its key.</summary>
    public static string Fingerprint(JsonElement body) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));
}
