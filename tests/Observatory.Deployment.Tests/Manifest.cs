using System.Text.Json.Nodes;

namespace Observatory.Deployment.Tests;

/// <summary>The objects of one rendered chart, with the queries the rules need.</summary>
public sealed class Manifest
{
    internal Manifest(IReadOnlyList<JsonObject> objects, string yaml)
    {
        Objects = objects;
        Yaml = yaml;
        PodTemplates = objects
            .Where(o => Kind(o) is "Deployment" or "StatefulSet")
            .Select(o => new PodTemplate(Kind(o), Name(o), o["spec"]!["template"]!["metadata"]!["labels"]!.AsObject(), o["spec"]!["template"]!["spec"]!.AsObject()))
            .ToList();
    }

    public IReadOnlyList<JsonObject> Objects { get; }

    public string Yaml { get; }

    public IReadOnlyList<PodTemplate> PodTemplates { get; }

    public static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    public static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Kind(o) == kind);

    public PodTemplate Workload(string component) => PodTemplates.Single(p => p.Component == component);

    /// <summary>The pod templates a label selector (a Service's or NetworkPolicy peer's) picks.</summary>
    public IEnumerable<PodTemplate> Selected(JsonObject? matchLabels) => PodTemplates.Where(p => p.Matches(matchLabels));
}

/// <summary>The pod template of a Deployment or StatefulSet.</summary>
public sealed record PodTemplate(string Kind, string Name, JsonObject Labels, JsonObject Spec)
{
    public string Component => Labels["app.kubernetes.io/component"]!.GetValue<string>();

    public IEnumerable<JsonObject> Containers => Spec["containers"]!.AsArray().Select(c => c!.AsObject());

    public IEnumerable<(string Name, int Port)> Ports => Containers
        .SelectMany(c => c["ports"]?.AsArray() ?? [])
        .Select(p => (p!["name"]?.GetValue<string>() ?? "", p["containerPort"]!.GetValue<int>()));

    /// <summary>A label selector matches when every one of its labels is on the pod (an empty one matches all).</summary>
    public bool Matches(JsonObject? matchLabels) =>
        (matchLabels ?? []).All(l => Labels[l.Key]?.GetValue<string>() == l.Value!.GetValue<string>());

    /// <summary>One container's environment as name → literal value (null when it comes from a reference).</summary>
    public IReadOnlyList<(string Name, string? Value, JsonObject? ValueFrom)> Environment(string container) =>
        Containers.Single(c => c["name"]!.GetValue<string>() == container)["env"]!.AsArray()
            .Select(e => (e!["name"]!.GetValue<string>(), e["value"]?.GetValue<string>(), e["valueFrom"]?.AsObject()))
            .ToList();
}
