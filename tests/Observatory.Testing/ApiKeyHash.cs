using System.Security.Cryptography;
using System.Text;

namespace Observatory.Testing;

/// <summary>How an operator configures an API key on the gateway: the lower-case hex SHA-256 of the key.</summary>
public static class ApiKeyHash
{
    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
