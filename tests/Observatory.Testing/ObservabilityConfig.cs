using System.Text.RegularExpressions;

namespace Observatory.Testing;

/// <summary>
/// The Prometheus and Alertmanager configuration under <c>observability/</c>, rendered for a run:
/// the templates' <c>@NAME@</c> placeholders replaced, every one of them, as scripts/services.sh does.
/// </summary>
public static partial class ObservabilityConfig
{
    public static string PrometheusTemplate => RepositoryRoot.Combine("observability", "prometheus", "prometheus.yml");

    public static string AlertmanagerTemplate => RepositoryRoot.Combine("observability", "alertmanager", "alertmanager.yml");

    public static string Rules => RepositoryRoot.Combine("observability", "prometheus", "rules.yml");

    public static string RuleTests => RepositoryRoot.Combine("observability", "prometheus", "rules.test.yml");

    /// <summary>Replaces each <c>@KEY@</c> of <paramref name="templatePath"/>; fails if the template has a placeholder not given.</summary>
    public static string Render(string templatePath, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = File.ReadAllText(templatePath);
        foreach (var (key, value) in values)
        {
            text = text.Replace($"@{key}@", value, StringComparison.Ordinal);
        }

        var left = Placeholder().Matches(text).Select(m => m.Value).Distinct().ToList();
        return left.Count == 0 ? text : throw new InvalidOperationException($"{templatePath} has placeholders nobody filled: {string.Join(", ", left)}");
    }

    /// <summary>The alert rules with every <c>for</c> shortened to <paramref name="pendingFor"/>, for tests that cannot wait minutes.</summary>
    public static string RulesWithShortFor(string pendingFor) =>
        ForClause().Replace(File.ReadAllText(Rules), $"for: {pendingFor}");

    [GeneratedRegex("@[A-Z_]+@")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<=^\s+)for: \S+", RegexOptions.Multiline)]
    private static partial Regex ForClause();
}
