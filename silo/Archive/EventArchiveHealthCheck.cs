using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Observatory.Silo.Archive;

/// <summary>
/// Degraded while archive writes fail or too many events wait, Healthy otherwise; never Unhealthy,
/// and not tagged ready: a down archive must not take the silo out of service.
/// </summary>
public sealed class EventArchiveHealthCheck : IHealthCheck
{
    private readonly EventArchiveWriter _writer;
    private readonly EventArchiveWriterOptions _options;

    public EventArchiveHealthCheck(EventArchiveWriter writer, IOptions<EventArchiveWriterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = writer;
        _options = options.Value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = _writer.Backlog;
        var data = new Dictionary<string, object>
        {
            ["backend"] = _writer.Backend,
            ["backlog"] = backlog,
            ["written"] = _writer.Written,
            ["failures"] = _writer.Failures,
            ["dropped"] = _writer.Dropped,
        };
        if (_writer.FailingSince is { } since)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Archive writes ({_writer.Backend}) fail since {since:O}: {_writer.LastError}. {backlog} events buffered.", data: data));
        }

        if (backlog > _options.DegradedBacklog)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{backlog} events wait to be archived (more than {_options.DegradedBacklog}).", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{backlog} events wait to be archived.", data));
    }
}
