using System.ComponentModel.DataAnnotations;

namespace Observatory.Dashboard.Auth;

/// <summary>The dashboard's one configured user; the password is kept only as a <see cref="PasswordHash"/>.</summary>
public sealed class DashboardUserOptions
{
    public const string SectionName = "Observatory:Dashboard:User";

    [Required]
    [StringLength(64, MinimumLength = 1)]
    public string Name { get; set; } = "admin";

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash</c>, made by <c>Observatory.Dashboard hash-password</c>, or from <see cref="PasswordFile"/>.</summary>
    [Required(ErrorMessage = "Set Observatory:Dashboard:User:PasswordHash (made by 'hash-password') or Observatory:Dashboard:User:PasswordFile.")]
    [RegularExpression(@"^pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$", ErrorMessage = "PasswordHash must be a pbkdf2-sha256 hash made by 'hash-password'.")]
    public string PasswordHash { get; set; } = "";

    /// <summary>
    /// A file holding the password itself (a mounted Kubernetes Secret), hashed once at start when
    /// <see cref="PasswordHash"/> is not set: only the hash stays in memory.
    /// </summary>
    public string? PasswordFile { get; set; }
}
