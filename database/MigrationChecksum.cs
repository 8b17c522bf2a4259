using System.Security.Cryptography;
using System.Text;

namespace Observatory.Database;

/// <summary>Fingerprint of a migration script, so an applied script that was edited afterwards is noticed.</summary>
internal static class MigrationChecksum
{
    public static string Compute(string sql)
    {
        // A checkout with CRLF line endings (git autocrlf) must not look like an edited script.
        var normalized = sql.ReplaceLineEndings("\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
