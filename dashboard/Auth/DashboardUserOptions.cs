using System.ComponentModel.DataAnnotations;

namespace Observatory.Dashboard.Auth;

/// <summary>The dashboard's one configured user; the password is kept only as a <see cref="PasswordHash"/>.</summary>
public sealed class DashboardUserOptions
{
    public const string SectionName = "Observatory:Dashboard:User";

    [Required]
    [StringLength(64, MinimumLength = 1)]
    public string Name { get; set; } = "admin";

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash</c>, made by <c>Observatory.Dashboard hash-password</c>.</summary>
    [Required]
    [RegularExpression(@"^pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$", ErrorMessage = "PasswordHash must be a pbkdf2-sha256 hash made by 'hash-password'.")]
    public string PasswordHash { get; set; } = "";
}
