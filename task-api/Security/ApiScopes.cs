namespace Observatory.Gateway.Security;

/// <summary>What an API key may do; also the names of the authorization policies that require it.</summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";

    public const string ClaimType = "scope";

    public static bool IsKnown(string scope) => scope is Read or Write;
}
