using System.Text.RegularExpressions;

namespace Observatory.Testing;

/// <summary>The metric table of docs/metrics.md: what the services export, by name and type.</summary>
public sealed partial class MetricReference
{
    private MetricReference(IReadOnlyDictionary<string, string> exact, IReadOnlyList<string> prefixes)
    {
        Exact = exact;
        Prefixes = prefixes;
    }

    /// <summary>Rows naming one metric family, with its type.</summary>
    public IReadOnlyDictionary<string, string> Exact { get; }

    /// <summary>Rows ending in <c>*</c>: any metric with this prefix.</summary>
    public IReadOnlyList<string> Prefixes { get; }

    public static string DocumentPath => RepositoryRoot.Combine("docs", "metrics.md");

    public static MetricReference Load()
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (Match row in Row().Matches(File.ReadAllText(DocumentPath)))
        {
            var name = row.Groups["name"].Value;
            if (name.EndsWith('*'))
            {
                prefixes.Add(name[..^1]);
            }
            else
            {
                exact.Add(name, row.Groups["type"].Value);
            }
        }

        return new MetricReference(exact, prefixes);
    }

    /// <summary>Whether the table lists <paramref name="metric"/>, by name or by a prefix row.</summary>
    public bool Lists(string metric) =>
        Exact.ContainsKey(metric) || Prefixes.Any(prefix => metric.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex(@"^\| `(?<name>[a-z_:*]+)` \| (?<type>[a-z]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
