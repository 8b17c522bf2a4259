using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Observatory.Contracts.Tests;

/// <summary>Rules every file in contracts/schemas must follow, checked on the files themselves.</summary>
public sealed partial class SchemaFilesTests
{
    private static IEnumerable<(string File, JsonObject Schema)> SchemaFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Schemas, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), (JsonObject)JsonNode.Parse(File.ReadAllText(f))!));

    [Fact]
    public void SchemaFiles_AreExactlyTheContracts()
    {
        var files = SchemaFiles().Select(s => s.File).Order(StringComparer.Ordinal);
        var contracts = Enum.GetValues<ContractName>().Select(ContractSchemas.FileNameOf).Order(StringComparer.Ordinal);

        Assert.Equal(contracts, files);
    }

    [Fact]
    public void SchemaFiles_EachHasAUniqueIdNamedAfterTheFile()
    {
        var ids = SchemaFiles().Select(s => (s.File, Id: s.Schema["$id"]?.GetValue<string>())).ToList();

        Assert.All(ids, s => Assert.Equal("https://observatory.dev/schemas/" + s.File, s.Id));
        Assert.Equal(ids.Count, ids.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void SchemaFiles_EachHasAValidSemVerVersion()
    {
        Assert.All(SchemaFiles(), s =>
        {
            var text = s.Schema["$version"]?.GetValue<string>();
            Assert.True(SchemaVersion.TryParse(text, out _), $"{s.File}: $version \"{text}\" is not MAJOR.MINOR.PATCH.");
        });
    }

    [Fact]
    public void SchemaFiles_EachIsADraft202012SchemaThatPassesTheMetaSchema()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        Assert.All(SchemaFiles(), s =>
        {
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", s.Schema["$schema"]?.GetValue<string>());
            using var document = JsonDocument.Parse(s.Schema.ToJsonString());
            Assert.True(MetaSchemas.Draft202012.Evaluate(document.RootElement, options).IsValid, $"{s.File} fails the 2020-12 meta-schema.");
        });
    }

    [Fact]
    public void SchemaFiles_EachStartsWithSchemaThenId()
    {
        // JsonSchema.Net 8.0.5 needs $schema to accept $version, and fails to build when $id follows a subschema.
        Assert.All(SchemaFiles(), s => Assert.Equal(["$schema", "$id"], s.Schema.Select(p => p.Key).Take(2)));
    }

    [Fact]
    public void SchemaFiles_EachDecidesAdditionalPropertiesAndIsDocumented()
    {
        Assert.All(SchemaFiles(), s =>
        {
            Assert.True(s.Schema["additionalProperties"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                $"{s.File}: additionalProperties must be stated explicitly at the root, true or false.");
            Assert.False(string.IsNullOrWhiteSpace(s.Schema["title"]?.GetValue<string>()), $"{s.File} has no title.");
            Assert.False(string.IsNullOrWhiteSpace(s.Schema["description"]?.GetValue<string>()), $"{s.File} has no description.");
        });
    }

    [Fact]
    public void SchemaFiles_EachIsInTheReadmeVersionTableWithItsIdAndVersion()
    {
        var rows = ReadmeVersionTable();

        Assert.All(SchemaFiles(), s =>
        {
            Assert.True(rows.TryGetValue(s.File, out var row), $"{s.File} is missing from the version table in contracts/README.md.");
            Assert.Equal(s.Schema["$id"]!.GetValue<string>(), row.Id);
            Assert.Equal(s.Schema["$version"]!.GetValue<string>(), row.Version);
        });
        Assert.Equal(SchemaFiles().Count(), rows.Count);
    }

    [Fact]
    public void Readme_NamesEveryChangeKindInThePolicy()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Contracts, "README.md"));

        Assert.All(Enum.GetNames<SchemaChangeKind>(), kind => Assert.Contains($"`{kind}`", readme, StringComparison.Ordinal));
    }

    /// <summary>Rows "| `file.json` | `$id` | version | ... |" of the README's version table.</summary>
    private static Dictionary<string, (string Id, string Version)> ReadmeVersionTable()
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryPaths.Contracts, "README.md")))
        {
            if (VersionRow().Match(line) is { Success: true } match)
            {
                rows.Add(match.Groups["file"].Value, (match.Groups["id"].Value, match.Groups["version"].Value));
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*`(?<file>[a-z0-9-]+\.json)`\s*\|\s*`(?<id>[^`]+)`\s*\|\s*(?<version>[0-9A-Za-z.+-]+)\s*\|")]
    private static partial Regex VersionRow();
}
