using System.Globalization;
using Observatory.Testing;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Prometheus and Alertmanager, started for one test on free loopback ports with their own
/// folders: Prometheus scrapes the given silos and gateway every second with the project's rules
/// (every <c>for</c> shortened), Alertmanager delivers to the gateway's webhook with the cluster's token.
/// </summary>
public sealed class MonitoringStack : IAsyncDisposable
{
    public const string PendingFor = "3s";

    private MonitoringStack(LoopbackDaemon alertmanager, LoopbackDaemon prometheus)
    {
        Alertmanager = alertmanager;
        Prometheus = prometheus;
    }

    public LoopbackDaemon Alertmanager { get; }

    public LoopbackDaemon Prometheus { get; }

    public static async Task<MonitoringStack> StartAsync(ClusterSettings cluster, IEnumerable<ObservatoryProcess> silos, ObservatoryProcess gateway)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(gateway);
        var alertmanagerDirectory = Directory.CreateTempSubdirectory("observatory-alertmanager-").FullName;
        var tokenFile = Path.Combine(alertmanagerDirectory, "webhook-token");
        await File.WriteAllTextAsync(tokenFile, cluster.AlertWebhookToken);
        await File.WriteAllTextAsync(Path.Combine(alertmanagerDirectory, "alertmanager.yml"), ObservabilityConfig.Render(ObservabilityConfig.AlertmanagerTemplate, new Dictionary<string, string>
        {
            ["GROUP_WAIT"] = "1s",
            ["GROUP_INTERVAL"] = "1s",
            ["GATEWAY_URL"] = gateway.BaseAddress.ToString().TrimEnd('/'),
            ["WEBHOOK_TOKEN_FILE"] = tokenFile,
        }));
        var alertmanager = await LoopbackDaemon.StartAsync("alertmanager", "prometheus-alertmanager", alertmanagerDirectory, FreePort.Next(), (directory, listen) =>
        [
            $"--config.file={Path.Combine(directory, "alertmanager.yml")}",
            $"--storage.path={Path.Combine(directory, "data")}",
            $"--web.listen-address={listen}",
            "--cluster.listen-address=",
        ]);

        try
        {
            var prometheusDirectory = Directory.CreateTempSubdirectory("observatory-prometheus-").FullName;
            await File.WriteAllTextAsync(Path.Combine(prometheusDirectory, "rules.yml"), ObservabilityConfig.RulesWithShortFor(PendingFor));
            await File.WriteAllTextAsync(Path.Combine(prometheusDirectory, "prometheus.yml"), ObservabilityConfig.Render(ObservabilityConfig.PrometheusTemplate, new Dictionary<string, string>
            {
                ["SCRAPE_INTERVAL"] = "1s",
                ["EVALUATION_INTERVAL"] = "1s",
                ["RULES_FILE"] = Path.Combine(prometheusDirectory, "rules.yml"),
                ["ALERTMANAGER_TARGETS"] = Target(alertmanager.BaseAddress),
                ["SILO_TARGETS"] = string.Join(", ", silos.Select(s => Target(s.BaseAddress))),
                ["GATEWAY_TARGETS"] = Target(gateway.BaseAddress),
            }));
            var prometheus = await LoopbackDaemon.StartAsync("prometheus", "prometheus", prometheusDirectory, FreePort.Next(), (directory, listen) =>
            [
                $"--config.file={Path.Combine(directory, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address={listen}",
            ]);
            return new MonitoringStack(alertmanager, prometheus);
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until Prometheus has scraped <paramref name="targets"/> targets successfully: a counter's
    /// first sample is its baseline, so what happens before it never shows as an increase.
    /// </summary>
    public async Task WaitUntilScrapedAsync(int targets)
    {
        using var http = new HttpClient { BaseAddress = Prometheus.BaseAddress };
        await Eventually.ReturnsAsync(
            () => http.GetStringAsync(new Uri("/api/v1/query?query=count(up%3D%3D1)", UriKind.Relative)),
            body => body.Contains($"\"{targets}\"]", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            $"Prometheus to scrape {targets} targets");
    }

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Alertmanager.DisposeAsync();
    }

    private static string Target(Uri address) => string.Create(CultureInfo.InvariantCulture, $"\"{address.Host}:{address.Port}\"");
}
