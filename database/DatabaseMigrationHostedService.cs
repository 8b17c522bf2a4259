using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Observatory.Database;

/// <summary>
/// Migrates the database while the host starts, before any hosted service's <c>StartAsync</c> runs
/// (the Orleans silo's included): the work happens in <see cref="StartingAsync"/>, which the host
/// completes for every lifecycle service first, whatever the registration order. Unreachable
/// PostgreSQL is retried for <see cref="DatabaseMigrationOptions.ConnectRetryTimeout"/>; any other
/// failure stops the host.
/// </summary>
public sealed partial class DatabaseMigrationHostedService : IHostedLifecycleService
{
    private static readonly TimeSpan _firstRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly PostgresMigrator _migrator;
    private readonly IOptions<DatabaseMigrationOptions> _options;
    private readonly ILogger _logger;

    public DatabaseMigrationHostedService(
        PostgresMigrator migrator, IOptions<DatabaseMigrationOptions> options, ILogger<DatabaseMigrationHostedService> logger)
    {
        _migrator = migrator;
        _options = options;
        _logger = logger;
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var target = Describe(options.ConnectionString);
        var elapsed = Stopwatch.StartNew();
        var delay = _firstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await _migrator.MigrateAsync(options.ConnectionString, cancellationToken);
                LogMigrated(target, result.Applied.Count, result.SchemaVersion, elapsed.ElapsedMilliseconds);
                return;
            }
            catch (NpgsqlException exception) when (exception.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                var remaining = options.ConnectRetryTimeout - elapsed.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    LogGaveUp(exception, target, attempt, options.ConnectRetryTimeout);
                    throw new DatabaseMigrationException(
                        $"PostgreSQL at {target} was not reachable within {options.ConnectRetryTimeout} ({attempt} attempts); "
                        + $"the last error was: {exception.Message}",
                        exception);
                }

                var wait = delay < remaining ? delay : remaining;
                LogRetrying(target, attempt, wait.TotalMilliseconds, exception.Message);
                await Task.Delay(wait, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Host, port and database only: the connection string may carry a password.</summary>
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Target} migrated: {AppliedCount} migration(s) applied, schema version {SchemaVersion}, took {ElapsedMilliseconds} ms")]
    private partial void LogMigrated(string target, int appliedCount, int schemaVersion, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL at {Target} is not reachable yet (attempt {Attempt}); retrying in {DelayMilliseconds} ms: {Reason}")]
    private partial void LogRetrying(string target, int attempt, double delayMilliseconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL at {Target} was not reachable after {Attempt} attempts within {Timeout}; giving up")]
    private partial void LogGaveUp(Exception exception, string target, int attempt, TimeSpan timeout);
}
