using Microsoft.Extensions.Options;

namespace Observatory.Dashboard.Auth;

/// <summary>
/// Fills <see cref="DashboardUserOptions.PasswordHash"/> from <see cref="DashboardUserOptions.PasswordFile"/>:
/// a chart can generate a password into a Secret, which Helm cannot hash with PBKDF2.
/// </summary>
internal sealed class PasswordFileHashing : IPostConfigureOptions<DashboardUserOptions>
{
    public void PostConfigure(string? name, DashboardUserOptions options)
    {
        if (string.IsNullOrEmpty(options.PasswordHash) && !string.IsNullOrEmpty(options.PasswordFile))
        {
            // A Secret file written by hand often ends in a newline that is no part of the password.
            var password = File.ReadAllText(options.PasswordFile).TrimEnd('\r', '\n');
            if (password.Length > 0)
            {
                options.PasswordHash = PasswordHash.Create(password);
            }
        }
    }
}
