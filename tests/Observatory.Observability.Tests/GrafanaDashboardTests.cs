using System.Text.Json;
using Observatory.Testing;

namespace Observatory.Observability.Tests;

/// <summary>The provisioned Grafana dashboard: valid, bound to the provisioned datasource, reading only metrics we export.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly string Dashboard = RepositoryRoot.Combine("observability", "grafana", "dashboards", "observatory.json");

    private static readonly string Datasources = RepositoryRoot.Combine("observability", "grafana", "provisioning", "datasources", "observatory.yml");

    [Fact]
    public void Dashboard_IsValidJsonWithUidTitleAndPanels()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var root = dashboard.RootElement;
        Assert.Equal("observatory-overview", root.GetProperty("uid").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.True(root.GetProperty("schemaVersion").GetInt32() > 0);
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
    }

    [Fact]
    public void Dashboard_EveryPanelAndQueryUsesTheProvisionedDatasourceUid()
    {
        var provisioned = ((YamlDotNet.RepresentationModel.YamlSequenceNode)Yaml.Load(Datasources)["datasources"])
            .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>().Single().Scalar("uid");
        Assert.Equal("observatory-prometheus", provisioned);
        foreach (var panel in Panels())
        {
            Assert.Equal(provisioned, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), target => Assert.Equal(provisioned, target.GetProperty("datasource").GetProperty("uid").GetString()));
        }
    }

    [Fact]
    public void Dashboard_EveryQueryNamesOnlyMetricsTheServicesExport()
    {
        var reference = MetricReference.Load();
        foreach (var panel in Panels())
        {
            var title = panel.GetProperty("title").GetString();
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            foreach (var target in targets)
            {
                var metrics = PromQlMetrics.Names(target.GetProperty("expr").GetString()!);
                Assert.NotEmpty(metrics);
                Assert.All(metrics, metric => Assert.True(metric == "up" || reference.Exact.ContainsKey(metric), $"panel '{title}' reads {metric}, which docs/metrics.md does not list"));
            }
        }
    }

    [Fact]
    public void Dashboard_ShowsWhatTheIssueAsksFor()
    {
        var metrics = Panels().SelectMany(p => p.GetProperty("targets").EnumerateArray()).SelectMany(t => PromQlMetrics.Names(t.GetProperty("expr").GetString()!)).ToHashSet();
        foreach (var expected in new[]
        {
            "observatory_tasks_completed_total", "observatory_task_submit_to_done_seconds", "http_request_duration_seconds",
            "observatory_stream_queue_depth", "observatory_stream_oldest_unacked_age_seconds", "observatory_cluster_silos",
            "microsoft_orleans_orleans_catalog_activations", "process_cpu_seconds_total", "process_working_set_bytes",
        })
        {
            Assert.Contains(expected, metrics);
        }
    }

    [Fact]
    public void PromQlMetrics_FindsMetricsButNotFunctionsLabelsOrRanges()
    {
        Assert.Equal(
            ["observatory_task_run_seconds", "up"],
            PromQlMetrics.Names("""histogram_quantile(0.95, sum by (le, type) (rate(observatory_task_run_seconds_bucket{type=~"a|b"}[$__rate_interval]))) and on (job) up == 1""").Order());
    }

    private static List<JsonElement> Panels()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Dashboard));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.Clone())];
    }
}
