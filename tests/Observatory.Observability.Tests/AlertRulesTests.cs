using Observatory.Testing;
using YamlDotNet.RepresentationModel;

namespace Observatory.Observability.Tests;

/// <summary>The alert rules: valid for promtool, unit-tested, documented, and reading only metrics we export.</summary>
public sealed class AlertRulesTests
{
    private static readonly string[] ExpectedAlerts =
        ["ServiceDown", "TaskFailureRateHigh", "GatewayLatencyHigh", "QueueBacklogGrowing", "DeadLettersGrowing", "DatabaseUnavailable", "SiloCountLow"];

    private static string RulesFolder => Path.GetDirectoryName(ObservabilityConfig.Rules)!;

    [Fact]
    public async Task Rules_PassPromtoolCheck()
    {
        var (exitCode, output) = await Tool.RunAsync("promtool", RulesFolder, "check", "rules", ObservabilityConfig.Rules);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {ExpectedAlerts.Length} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleUnitTests_PassPromtoolTestRules()
    {
        var (exitCode, output) = await Tool.RunAsync("promtool", RulesFolder, "test", "rules", ObservabilityConfig.RuleTests);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Rules_AreTheSevenAlertsEachWithSeveritySummaryDescriptionAndRunbook()
    {
        var rules = AlertRule.Load();
        Assert.Equal(ExpectedAlerts.Order(), rules.Select(r => r.Name).Order());
        foreach (var rule in rules)
        {
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), rule.Name);
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("description")), rule.Name);
            Assert.Equal($"https://observatory.dev/docs/runbooks/{rule.Name}.md", rule.Annotations.GetValueOrDefault("runbook_url"));
        }
    }

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Runbook_ExistsAndSaysWhatItMeansHowToCheckAndWhatToDo(string alert)
    {
        var runbook = RepositoryRoot.Combine("docs", "runbooks", $"{alert}.md");
        Assert.True(File.Exists(runbook), $"{runbook} is missing");
        var text = File.ReadAllText(runbook);
        Assert.StartsWith($"# {alert}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it means", "## How to check", "## What to do" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RuleUnitTests_HaveAFiringAndAQuietCaseForEveryAlert()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in ((YamlSequenceNode)Yaml.Load(ObservabilityConfig.RuleTests)["tests"]).Cast<YamlMappingNode>())
        {
            foreach (var check in ((YamlSequenceNode)test["alert_rule_test"]).Cast<YamlMappingNode>())
            {
                var expected = (YamlSequenceNode)check["exp_alerts"];
                (expected.Children.Count > 0 ? firing : quiet).Add(check.Scalar("alertname"));
            }
        }

        Assert.Equal(ExpectedAlerts.Order(), firing.Order());
        Assert.Equal(ExpectedAlerts.Order(), quiet.Order());
    }

    [Fact]
    public void Rules_ReadOnlyMetricsTheServicesExport()
    {
        var reference = MetricReference.Load();
        foreach (var rule in AlertRule.Load())
        {
            var metrics = PromQlMetrics.Names(rule.Expression);
            Assert.NotEmpty(metrics);
            Assert.All(metrics, metric => Assert.True(metric == "up" || reference.Exact.ContainsKey(metric), $"{rule.Name} reads {metric}, which docs/metrics.md does not list"));
        }
    }

    public static TheoryData<string> Alerts() => [.. ExpectedAlerts];
}
