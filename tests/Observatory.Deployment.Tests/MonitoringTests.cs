using System.Text.Json.Nodes;

namespace Observatory.Deployment.Tests;

/// <summary>
/// The chart ships observability/'s alert rules and Grafana dashboard as they are (no fork), and
/// wires scraping and alert delivery to the objects it renders.
/// </summary>
public sealed class MonitoringTests
{
    private static string Rules => Path.Combine(RepositoryPaths.Root, "observability", "prometheus", "rules.yml");

    private static string GrafanaDashboard => Path.Combine(RepositoryPaths.Root, "observability", "grafana", "dashboards", "observatory.json");

    [Theory]
    [InlineData("prometheus-rules.yml", "observability/prometheus/rules.yml")]
    [InlineData("grafana-dashboard.json", "observability/grafana/dashboards/observatory.json")]
    public void ChartFiles_AreLinksToObservability_SoTheyCannotDrift(string chartFile, string source)
    {
        var link = new FileInfo(Path.Combine(RepositoryPaths.Chart, "files", chartFile));
        Assert.True(link.LinkTarget is not null, $"{link.FullName} is a copy, not a link to {source}");
        Assert.Equal(Path.Combine(RepositoryPaths.Root, source), Path.GetFullPath(link.LinkTarget, link.DirectoryName!));
    }

    [Theory]
    [InlineData(ChartVariants.Default)]
    [InlineData(ChartVariants.Production)]
    public async Task WithoutTheOperator_TheRulesAreAConfigMapEqualToObservability(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        Assert.Empty(manifest.OfKind("PrometheusRule"));
        var rules = Assert.Single(manifest.OfKind("ConfigMap"), c => Manifest.Name(c).EndsWith("-prometheus-rules", StringComparison.Ordinal));
        Assert.Equal(await File.ReadAllTextAsync(Rules), rules["data"]!["observatory.rules.yml"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithTheOperator_TheRulesAreAPrometheusRuleWithObservabilitysGroups()
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.AllServices);
        Assert.DoesNotContain(manifest.OfKind("ConfigMap"), c => Manifest.Name(c).EndsWith("-prometheus-rules", StringComparison.Ordinal));
        var rule = Assert.Single(manifest.OfKind("PrometheusRule"));
        var expected = Assert.Single(await HelmTool.YamlDocumentsAsync(Rules))!;
        Assert.NotEmpty(expected["groups"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(expected, rule["spec"]), "the PrometheusRule's spec differs from observability/prometheus/rules.yml");
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task GrafanaDashboard_IsAConfigMapForTheSidecar_EqualToObservability(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var dashboard = Assert.Single(manifest.OfKind("ConfigMap"), c => Manifest.Name(c).EndsWith("-grafana-dashboard", StringComparison.Ordinal));
        Assert.Equal("1", dashboard["metadata"]!["labels"]!["grafana_dashboard"]?.GetValue<string>());
        Assert.Equal(await File.ReadAllTextAsync(GrafanaDashboard), dashboard["data"]!["observatory.json"]!.GetValue<string>());
    }

    [Fact]
    public async Task PodMonitors_ScrapeEveryAppUnderTheJobNamesTheRulesUse()
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.AllServices);
        var monitors = manifest.OfKind("PodMonitor").ToList();
        Assert.Equal(3, monitors.Count);
        foreach (var monitor in monitors)
        {
            var pod = Assert.Single(manifest.Selected(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject()));
            var endpoint = Assert.Single(monitor["spec"]!["podMetricsEndpoints"]!.AsArray())!;
            Assert.Contains(endpoint["port"]!.GetValue<string>(), pod.Ports.Select(p => p.Name));
            Assert.Equal("/metrics", endpoint["path"]!.GetValue<string>());
            var labels = endpoint["relabelings"]!.AsArray().ToDictionary(r => r!["targetLabel"]!.GetValue<string>(), r => r!["replacement"]!.GetValue<string>());
            Assert.Equal($"observatory-{pod.Component}", labels["job"]);
            Assert.Equal(pod.Component, labels["service"]);
        }

        Assert.Equal(["dashboard", "gateway", "silo"], monitors.Select(m => manifest.Selected(m["spec"]!["selector"]!["matchLabels"]!.AsObject()).Single().Component).Order(StringComparer.Ordinal));
        Assert.Empty((await ChartVariants.RenderAsync(ChartVariants.Default)).OfKind("PodMonitor"));
    }

    [Fact]
    public async Task AlertmanagerConfig_RoutesEveryAlertToTheGatewaysWebhookWithTheGatewaysToken()
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.AllServices);
        var config = Assert.Single(manifest.OfKind("AlertmanagerConfig"))["spec"]!;
        var receiver = Assert.Single(config["receivers"]!.AsArray())!;
        Assert.Equal(config["route"]!["receiver"]!.GetValue<string>(), receiver["name"]!.GetValue<string>());
        var webhook = Assert.Single(receiver["webhookConfigs"]!.AsArray())!;

        // http://<gateway Service>.<namespace>.svc:<its port>/api/v1/alerts/webhook
        var url = new Uri(webhook["url"]!.GetValue<string>());
        var service = manifest.OfKind("Service").Single(s => Manifest.Name(s) == url.Host.Split('.')[0]);
        Assert.Equal("gateway", Assert.Single(manifest.Selected(service["spec"]!["selector"]!.AsObject())).Component);
        Assert.Equal("observatory.svc", url.Host.Split('.', 2)[1]);
        Assert.Contains(url.Port, service["spec"]!["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<int>()));
        Assert.Equal("/api/v1/alerts/webhook", url.AbsolutePath);

        var credentials = webhook["httpConfig"]!["authorization"]!["credentials"]!;
        var gatewayToken = manifest.Workload("gateway").Environment("gateway").Single(e => e.Name == "Observatory__Alerts__WebhookToken").ValueFrom!["secretKeyRef"]!;
        Assert.Equal(gatewayToken["name"]!.GetValue<string>(), credentials["name"]!.GetValue<string>());
        Assert.Equal(gatewayToken["key"]!.GetValue<string>(), credentials["key"]!.GetValue<string>());
        Assert.Empty((await ChartVariants.RenderAsync(ChartVariants.Default)).OfKind("AlertmanagerConfig"));
    }
}
