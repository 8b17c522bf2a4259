using Prometheus;

namespace Observatory.Silo.Metrics;

/// <summary>The cluster as this silo sees it, read from Orleans' membership view at scrape time.</summary>
internal sealed class ClusterMetrics(IClusterMembershipService membership) : IHostedService
{
    private static readonly Gauge ActiveSilos = Prometheus.Metrics.CreateGauge(
        "observatory_cluster_silos", "Silos this silo sees as active members of its cluster.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
            ActiveSilos.Set(membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
