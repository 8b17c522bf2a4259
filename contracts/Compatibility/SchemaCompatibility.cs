using System.Globalization;
using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>
/// Compares two versions of a schema and enforces the bump policy (contracts/README.md):
/// breaking changes need a MAJOR bump, compatible ones at least MINOR, annotation-only ones at least PATCH.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>Every change from <paramref name="oldSchema"/> to <paramref name="newSchema"/>, walking nested subschemas.</summary>
    public static SchemaComparison Compare(JsonNode oldSchema, JsonNode newSchema)
    {
        ArgumentNullException.ThrowIfNull(oldSchema);
        ArgumentNullException.ThrowIfNull(newSchema);
        return new SchemaComparison(SchemaComparer.Compare(oldSchema, newSchema));
    }

    /// <summary>Compares the schemas and checks that <c>$version</c> moved at least as far as the changes require.</summary>
    public static BumpCheckResult CheckBump(JsonNode oldSchema, JsonNode newSchema)
    {
        var comparison = Compare(oldSchema, newSchema);
        var oldVersion = SchemaVersion.FromSchema(oldSchema);
        var newVersion = SchemaVersion.FromSchema(newSchema);
        var required = comparison.RequiredBump;
        var violations = new List<string>();

        if (oldVersion is null)
        {
            violations.Add($"The old schema has no valid {SchemaVersion.Keyword} (MAJOR.MINOR.PATCH).");
        }

        if (newVersion is null)
        {
            violations.Add($"The new schema has no valid {SchemaVersion.Keyword} (MAJOR.MINOR.PATCH).");
        }

        BumpLevel? actual = null;
        if (oldVersion is { } from && newVersion is { } to)
        {
            actual = from.BumpTo(to);
            if (actual is null)
            {
                violations.Add($"{SchemaVersion.Keyword} went backwards from {from} to {to}.");
            }
            else if (actual < required)
            {
                var offending = comparison.Changes.Where(c => c.Kind.RequiredBump() > actual);
                violations.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Describe(required)} require a {required.ToString().ToUpperInvariant()} bump, but {SchemaVersion.Keyword} went from {from} to {to} ({Describe(actual.Value, from, to)}): {string.Join("; ", offending)}"));
            }
        }

        return new BumpCheckResult(oldVersion, newVersion, required, actual, comparison, violations);
    }

    private static string Describe(BumpLevel required) =>
        required switch
        {
            BumpLevel.Major => "Breaking changes",
            BumpLevel.Minor => "Backward-compatible changes",
            _ => "Documentation changes",
        };

    private static string Describe(BumpLevel actual, SchemaVersion from, SchemaVersion to) =>
        actual == BumpLevel.None && from == to ? "unchanged" : actual.ToString().ToUpperInvariant() + " bump";
}
