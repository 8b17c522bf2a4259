using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Observatory.EventArchive;

/// <summary>Checks the archive settings at start-up, naming the setting that is wrong.</summary>
public sealed class EventArchiveOptionsValidator : IValidateOptions<EventArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, EventArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Backend))
        {
            failures.Add($"{EventArchiveOptions.SectionName}:Backend must be 'postgres' or 'mongo'.");
        }

        if (options.Backend == EventArchiveBackend.Mongo)
        {
            if (string.IsNullOrWhiteSpace(options.Mongo.ConnectionString))
            {
                failures.Add($"{EventArchiveOptions.SectionName}:Mongo:ConnectionString is required when {EventArchiveOptions.SectionName}:Backend is 'mongo'.");
            }
            else if (!IsMongoUrl(options.Mongo.ConnectionString))
            {
                failures.Add($"{EventArchiveOptions.SectionName}:Mongo:ConnectionString is not a MongoDB connection string (mongodb://host:port/...).");
            }
        }

        if (options.Retention is { } retention && (retention < TimeSpan.FromMinutes(1) || retention > TimeSpan.FromDays(3650)))
        {
            failures.Add($"{EventArchiveOptions.SectionName}:Retention must be from 00:01:00 to 3650.00:00:00, or absent to keep events forever.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsMongoUrl(string connectionString)
    {
        try
        {
            _ = MongoUrl.Create(connectionString);
            return true;
        }
        catch (Exception exception) when (exception is MongoConfigurationException or ArgumentException or FormatException)
        {
            return false;
        }
    }
}
