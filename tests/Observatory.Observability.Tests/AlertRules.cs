using Observatory.Testing;
using YamlDotNet.RepresentationModel;

namespace Observatory.Observability.Tests;

/// <summary>One alerting rule of observability/prometheus/rules.yml.</summary>
internal sealed record AlertRule(string Name, string Expression, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    public static IReadOnlyList<AlertRule> Load()
    {
        var rules = new List<AlertRule>();
        foreach (var group in (YamlSequenceNode)Yaml.Load(ObservabilityConfig.Rules)["groups"])
        {
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            {
                rules.Add(new AlertRule(
                    rule.Scalar("alert"),
                    rule.Scalar("expr"),
                    rule.Map("labels"),
                    rule.Map("annotations")));
            }
        }

        return rules;
    }
}

/// <summary>Small helpers over YamlDotNet's representation model.</summary>
internal static class Yaml
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static string Scalar(this YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    public static IReadOnlyDictionary<string, string> Map(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var map)
            ? ((YamlMappingNode)map).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!)
            : new Dictionary<string, string>();
}
