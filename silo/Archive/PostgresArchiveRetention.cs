using Microsoft.Extensions.Options;
using Observatory.EventArchive;
using Observatory.EventArchive.Postgres;

namespace Observatory.Silo.Archive;

/// <summary>
/// Deletes archived events older than <see cref="EventArchiveOptions.Retention"/> from the PostgreSQL
/// archive, in bounded batches, every sweep interval (MongoDB expires them with its TTL index instead).
/// Every silo sweeps; concurrent sweeps skip each other's rows.
/// </summary>
public sealed partial class PostgresArchiveRetention : BackgroundService
{
    private readonly IEventArchive _archive;
    private readonly EventArchiveOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresArchiveRetention> _logger;

    public PostgresArchiveRetention(IEventArchive archive, IOptions<EventArchiveOptions> options, TimeProvider time, ILogger<PostgresArchiveRetention> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _archive = archive;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_archive is not PostgresEventArchive postgres || _options.Retention is not { } retention)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.RetentionSweepInterval, _time);
        do
        {
            try
            {
                await SweepAsync(postgres, retention, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL is unavailable; the next sweep catches up.
                LogSweepFailed(_logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SweepAsync(PostgresEventArchive postgres, TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - retention;
        long total = 0;
        int deleted;
        do
        {
            deleted = await postgres.RemoveExpiredAsync(cutoff, _options.RetentionDeleteBatch, cancellationToken);
            total += deleted;
        }
        while (deleted == _options.RetentionDeleteBatch);

        if (total > 0)
        {
            LogSwept(_logger, total, cutoff);
        }
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Archive retention deleted {Count} events that occurred before {Cutoff:O}")]
    private static partial void LogSwept(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Archive retention sweep failed; retrying at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
