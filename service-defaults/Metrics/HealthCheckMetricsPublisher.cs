using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace Observatory.ServiceDefaults.Metrics;

/// <summary>
/// Publishes each health check's result as <c>observatory_health_check_status</c>, so alerts see a
/// dependency (PostgreSQL, RabbitMQ) go down from the processes that depend on it.
/// </summary>
internal sealed class HealthCheckMetricsPublisher : IHealthCheckPublisher
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private static readonly Gauge Status = Prometheus.Metrics.CreateGauge(
        "observatory_health_check_status", "1 when the health check passed at its last run (every 10 s), 0 when it was degraded or failed.", "check");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (name, entry) in report.Entries)
        {
            Status.WithLabels(name).Set(entry.Status == HealthStatus.Healthy ? 1 : 0);
        }

        return Task.CompletedTask;
    }
}
