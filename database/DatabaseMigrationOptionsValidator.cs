using Microsoft.Extensions.Options;
using Npgsql;

namespace Observatory.Database;

/// <summary>Rejects settings that would make start-up hang or fail later with a less clear message.</summary>
internal sealed class DatabaseMigrationOptionsValidator : IValidateOptions<DatabaseMigrationOptions>
{
    private static readonly TimeSpan _longestRetryTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, DatabaseMigrationOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(DatabaseMigrationOptions.ConnectionString)} is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"{nameof(DatabaseMigrationOptions.ConnectionString)} is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        if (options.ConnectRetryTimeout < TimeSpan.Zero || options.ConnectRetryTimeout > _longestRetryTimeout)
        {
            failures.Add($"{nameof(DatabaseMigrationOptions.ConnectRetryTimeout)} must be between 0 and {_longestRetryTimeout}; it is {options.ConnectRetryTimeout}.");
        }

        if (options.MaxRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay > _longestRetryTimeout)
        {
            failures.Add($"{nameof(DatabaseMigrationOptions.MaxRetryDelay)} must be greater than 0 and at most {_longestRetryTimeout}; it is {options.MaxRetryDelay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
