using System.Collections.Concurrent;

namespace Observatory.Deployment.Tests;

/// <summary>The value sets every rule is checked against, each rendered once per test run.</summary>
public static class ChartVariants
{
    public const string Default = "default";
    public const string Production = "production";
    public const string AllServices = "all-services";

    private static readonly ConcurrentDictionary<string, Lazy<Task<Manifest>>> _rendered = new();

    public static TheoryData<string> All => new(Default, Production, AllServices);

    internal static IReadOnlyList<string> Arguments(string variant) => variant switch
    {
        Default => [],
        Production => ["-f", Path.Combine(RepositoryPaths.Chart, "values-production.yaml")],
        AllServices => [.. EveryService, .. OperatorMonitoring],
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown chart variant"),
    };

    /// <summary>What helm lint can check of a variant: it cannot pretend a cluster serves the Prometheus Operator's CRDs.</summary>
    internal static IReadOnlyList<string> LintArguments(string variant) => variant == AllServices ? EveryService : Arguments(variant);

    /// <summary>Redis is on by default; MongoDB and the Ingresses are not.</summary>
    private static IReadOnlyList<string> EveryService => ["--set", "mongodb.enabled=true", "--set", "ingress.enabled=true"];

    /// <summary>The Prometheus Operator's kinds switched on, rendered as for a cluster that serves their CRDs.</summary>
    private static IReadOnlyList<string> OperatorMonitoring =>
    [
        "--set", "monitoring.prometheusRule.enabled=true", "--set", "monitoring.podMonitor.enabled=true", "--set", "monitoring.alertmanagerConfig.enabled=true",
        "--api-versions", "monitoring.coreos.com/v1/PrometheusRule", "--api-versions", "monitoring.coreos.com/v1/PodMonitor",
        "--api-versions", "monitoring.coreos.com/v1alpha1/AlertmanagerConfig",
    ];

    internal static async Task<Manifest> RenderAsync(string variant)
    {
        var helm = await HelmTool.RequireAsync();
        return await _rendered.GetOrAdd(variant, v => new Lazy<Task<Manifest>>(() => helm.RenderAsync(Arguments(v)))).Value;
    }
}
