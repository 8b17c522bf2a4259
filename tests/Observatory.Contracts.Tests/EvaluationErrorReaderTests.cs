using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Observatory.Contracts.Tests;

/// <summary>
/// The error reader against hand-written schemas, for the applicators the contracts do not use yet
/// (anyOf, oneOf, not) but a later version might.
/// </summary>
public sealed class EvaluationErrorReaderTests
{
    private static readonly Uri _id = new("https://observatory.dev/schemas/reader-test.json");

    [Fact]
    public void Read_FailedIfCondition_IsNotAnError()
    {
        var errors = Evaluate(
            """{"properties":{"kind":{"type":"string"},"n":{"type":"integer"}},"if":{"properties":{"kind":{"const":"a"}}},"then":{"required":["x"]}}""",
            """{"kind":"b","n":"not a number"}""");

        Assert.Equal([("/n", "type")], errors.Select(e => (e.InstancePath, e.Keyword)));
    }

    [Fact]
    public void Read_AnyOfWithAPassingBranch_ReportsNoBranchErrors()
    {
        var errors = Evaluate(
            """{"required":["z"],"properties":{"a":{"anyOf":[{"type":"string"},{"type":"object","required":["q"]}]}}}""",
            """{"a":"text"}""");

        Assert.Equal([("", "required")], errors.Select(e => (e.InstancePath, e.Keyword)));
    }

    [Fact]
    public void Read_AnyOfWithNoPassingBranch_ReportsEachBranch()
    {
        var errors = Evaluate(
            """{"properties":{"a":{"anyOf":[{"type":"string"},{"type":"object","required":["q"]}]}}}""",
            """{"a":{"r":1}}""");

        Assert.Equal(
            [("/a", "required"), ("/a", "type")],
            errors.Select(e => (e.InstancePath, e.Keyword)).Order());
    }

    [Fact]
    public void Read_OneOfWithExactlyOnePassingBranch_ReportsNoBranchErrors()
    {
        var errors = Evaluate(
            """{"required":["z"],"properties":{"c":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}""",
            """{"c":5}""");

        Assert.Equal([("", "required")], errors.Select(e => (e.InstancePath, e.Keyword)));
    }

    [Fact]
    public void Read_FailedNot_StillReportsAnError()
    {
        var errors = Evaluate("""{"properties":{"b":{"not":{"type":"integer"}}}}""", """{"b":1}""");

        // The library states nothing for a failed "not"; an invalid result must still carry a reason.
        var error = Assert.Single(errors);
        Assert.Equal("The document does not satisfy the schema.", error.Message);
    }

    [Fact]
    public void Read_EnumInsideArrayItems_QuotesTheAllowedValues()
    {
        var errors = Evaluate("""{"properties":{"list":{"type":"array","items":{"enum":["x","y"]}}}}""", """{"list":["x","z"]}""");

        var error = Assert.Single(errors);
        Assert.Equal("/list/1", error.InstancePath);
        Assert.Equal("Value should be one of \"x\", \"y\"", error.Message);
    }

    [Fact]
    public void Read_PatternBehindAReference_QuotesThePattern()
    {
        var errors = Evaluate(
            """{"properties":{"code":{"$ref":"#/$defs/code"}},"$defs":{"code":{"type":"string","pattern":"^[A-Z]{3}$"}}}""",
            """{"code":"abc"}""");

        Assert.Equal("Value should match the pattern ^[A-Z]{3}$", Assert.Single(errors).Message);
    }

    [Fact]
    public void Read_UnknownPropertyWithSlashInName_NamesTheUnescapedProperty()
    {
        var errors = Evaluate("""{"additionalProperties":false}""", """{"a/b":1}""");

        var error = Assert.Single(errors);
        Assert.Equal("/a~1b", error.InstancePath);
        Assert.Equal("Property \"a/b\" is not allowed", error.Message);
    }

    private static IReadOnlyList<ContractValidationError> Evaluate(string schemaJson, string instanceJson)
    {
        // $id goes first: JsonSchema.Net 8.0.5 fails to build a schema whose $id follows a subschema.
        var document = new JsonObject { ["$id"] = _id.ToString() };
        foreach (var (key, value) in JsonNode.Parse(schemaJson)!.AsObject())
        {
            document[key] = value?.DeepClone();
        }

        var text = document.ToJsonString();
        var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var instance = JsonDocument.Parse(instanceJson);
        var results = schema.Evaluate(
            instance.RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.False(results.IsValid, "the instance should be invalid");

        var reader = new EvaluationErrorReader(new SchemaNodeResolver(new Dictionary<Uri, JsonNode> { [_id] = JsonNode.Parse(text)! }));
        return reader.Read(results, _id);
    }
}
