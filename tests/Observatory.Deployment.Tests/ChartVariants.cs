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
        AllServices => ["--set", "redis.enabled=true", "--set", "mongodb.enabled=true", "--set", "ingress.enabled=true"],
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown chart variant"),
    };

    internal static async Task<Manifest> RenderAsync(string variant)
    {
        var helm = await HelmTool.RequireAsync();
        return await _rendered.GetOrAdd(variant, v => new Lazy<Task<Manifest>>(() => helm.RenderAsync(Arguments(v)))).Value;
    }
}
