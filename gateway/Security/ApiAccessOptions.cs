namespace Observatory.Gateway.Security;

/// <summary>
/// Who may call the API (<c>Observatory:Api</c>). Keys are configured by their SHA-256 hash, never in
/// clear: a leaked configuration or secret does not leak a usable key.
/// </summary>
public sealed class ApiAccessOptions
{
    public const string SectionName = "Observatory:Api";

    /// <summary>The keys that may call the API. Without one, nothing that changes state can be called.</summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>Whether reads need a key with the <c>read</c> scope too; by default they are open.</summary>
    public bool RequireKeyForReads { get; set; }

    public ApiRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Browser origins allowed to call the API (CORS); none by default.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>One API key: a name for logs and limits, the hex SHA-256 of the key, and what it may do.</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes (64 characters): <c>printf %s "$key" | sha256sum</c>.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary><c>read</c> and/or <c>write</c>; required, so a key never gets more than was written down.</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>Requests each caller (a key, or an address for anonymous reads) may make.</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Sustained requests per second per caller.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>Requests a caller may burst above the sustained rate.</summary>
    public int Burst { get; set; } = 2000;
}
