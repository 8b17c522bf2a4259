using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Observatory.Gateway.Security;

/// <summary>
/// The configured keys, by hash. A presented key is hashed and compared with every configured hash
/// in constant time, so neither the comparison nor the number of keys tried tells an attacker anything.
/// Keys are random (high entropy), so a plain SHA-256 is enough; a slow password hash would only cost
/// every request.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly (ApiKeyOptions Key, byte[] Hash)[] _keys;

    public ApiKeyRing(IOptions<ApiAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.Keys.Select(k => (k, Convert.FromHexString(k.Sha256)))];
    }

    public bool IsEmpty => _keys.Length == 0;

    public ApiKeyOptions? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKeyOptions? match = null;
        foreach (var (key, expected) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match = key;
            }
        }

        return match;
    }

    /// <summary>The hex SHA-256 under which <paramref name="key"/> is configured.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool IsSha256Hex(string? value) =>
        value is { Length: SHA256.HashSizeInBytes * 2 } && value.All(char.IsAsciiHexDigit);
}
