using System.Text.Json.Nodes;

namespace Observatory.Contracts.Tests;

/// <summary>Each <c>contracts/compat-fixtures/&lt;case&gt;</c> pair must produce exactly the change kinds and verdict in its expected.json.</summary>
public sealed class CompatibilityFixtureTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.EnumerateDirectories(RepositoryPaths.CompatFixtures).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CheckBump_CompatFixture_MatchesExpectedVerdict(string name)
    {
        var directory = Path.Combine(RepositoryPaths.CompatFixtures, name);
        var oldSchema = Load(directory, "old.json");
        var newSchema = Load(directory, "new.json");
        var expected = Load(directory, "expected.json");

        var result = SchemaCompatibility.CheckBump(oldSchema, newSchema);

        var changes = string.Join("\n", result.Comparison.Changes);
        Assert.True(
            Kinds(expected["breaking"]).SetEquals(result.Comparison.Breaking.Select(c => c.Kind.ToString())),
            $"{name}: breaking kinds differ. Found:\n{changes}");
        Assert.True(
            Kinds(expected["nonBreaking"]).SetEquals(result.Comparison.NonBreaking.Select(c => c.Kind.ToString())),
            $"{name}: non-breaking kinds differ. Found:\n{changes}");
        Assert.Equal(expected["requiredBump"]!.GetValue<string>(), result.RequiredBump.ToString());
        Assert.True(
            expected["bumpOk"]!.GetValue<bool>() == result.IsOk,
            $"{name}: expected bumpOk={expected["bumpOk"]} but violations were [{string.Join("; ", result.Violations)}]");
    }

    [Theory]
    [InlineData("removed-field")]
    [InlineData("narrowed-enum")]
    [InlineData("changed-type")]
    [InlineData("new-required-field")]
    [InlineData("nested-removed-field")]
    [InlineData("widen-enum")]
    [InlineData("add-optional-field")]
    [InlineData("breaking-with-major-bump")]
    [InlineData("breaking-with-minor-bump")]
    [InlineData("closed-additional-properties")]
    public void CompatFixtures_RequiredCase_Exists(string name)
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.CompatFixtures, name, "expected.json")), $"compat case {name} is missing.");
    }

    private static JsonNode Load(string directory, string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(directory, file)))!;

    private static HashSet<string> Kinds(JsonNode? array) =>
        array is JsonArray kinds ? kinds.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
}
