using System.Text.RegularExpressions;

namespace Observatory.Observability.Tests;

/// <summary>The metric families a PromQL expression reads (histogram series mapped to their family).</summary>
internal static partial class PromQlMetrics
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "le", "inf", "nan",
    };

    public static IReadOnlyList<string> Names(string expression)
    {
        // Label matchers, grouping clauses, ranges, strings and Grafana variables name no metric.
        var stripped = Grouping().Replace(expression, " ");
        stripped = Braces().Replace(stripped, " ");
        stripped = Brackets().Replace(stripped, " ");
        stripped = Quoted().Replace(stripped, " ");
        stripped = Variable().Replace(stripped, " ");
        return [.. Identifier().Matches(stripped)
            .Select(m => m.Value)
            .Where(name => !Keywords.Contains(name))
            .Select(Family)
            .Distinct()];
    }

    private static string Family(string series)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal) && series.Contains("_seconds", StringComparison.Ordinal))
            {
                return series[..^suffix.Length];
            }
        }

        return series;
    }

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\$\w+")]
    private static partial Regex Variable();

    // An identifier that is not a function call (not followed by an opening parenthesis) and not a number.
    [GeneratedRegex(@"(?<![\w.])(?>[a-zA-Z_:][a-zA-Z0-9_:]*)(?!\s*\()")]
    private static partial Regex Identifier();
}
