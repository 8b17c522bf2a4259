using Observatory.Testing;

namespace Observatory.Observability.Tests;

/// <summary>The Prometheus and Alertmanager templates, rendered as scripts/services.sh renders them, pass their own checkers.</summary>
public sealed class MonitoringConfigTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("observatory-config-");

    [Fact]
    public async Task PrometheusConfig_Rendered_PassesPromtoolCheckConfig()
    {
        var config = Path.Combine(_folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, ObservabilityConfig.Render(ObservabilityConfig.PrometheusTemplate, new Dictionary<string, string>
        {
            ["SCRAPE_INTERVAL"] = "15s",
            ["EVALUATION_INTERVAL"] = "15s",
            ["RULES_FILE"] = ObservabilityConfig.Rules,
            ["ALERTMANAGER_TARGETS"] = "\"127.0.0.1:9093\"",
            ["SILO_TARGETS"] = "\"127.0.0.1:5081\", \"127.0.0.1:5082\"",
            ["GATEWAY_TARGETS"] = "\"127.0.0.1:5080\"",
        }));

        var (exitCode, output) = await Tool.RunAsync("promtool", _folder.FullName, "check", "config", config);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task AlertmanagerConfig_Rendered_PassesAmtoolCheckConfigAndHoldsNoSecret()
    {
        var tokenFile = Path.Combine(_folder.FullName, "webhook-token");
        await File.WriteAllTextAsync(tokenFile, "a-token-only-in-this-file");
        var config = Path.Combine(_folder.FullName, "alertmanager.yml");
        var rendered = ObservabilityConfig.Render(ObservabilityConfig.AlertmanagerTemplate, new Dictionary<string, string>
        {
            ["GROUP_WAIT"] = "10s",
            ["GROUP_INTERVAL"] = "1m",
            ["GATEWAY_URL"] = "http://127.0.0.1:5080",
            ["WEBHOOK_TOKEN_FILE"] = tokenFile,
        });
        await File.WriteAllTextAsync(config, rendered);

        var (exitCode, output) = await Tool.RunAsync("amtool", _folder.FullName, "check-config", config);
        Assert.True(exitCode == 0, output);
        Assert.Contains("http://127.0.0.1:5080/api/v1/alerts/webhook", rendered, StringComparison.Ordinal);
        Assert.Contains($"credentials_file: {tokenFile}", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("a-token-only-in-this-file", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithAPlaceholderLeftOpen_Fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ObservabilityConfig.Render(ObservabilityConfig.AlertmanagerTemplate, new Dictionary<string, string> { ["GROUP_WAIT"] = "1s" }));
        Assert.Contains("@WEBHOOK_TOKEN_FILE@", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
