using System.Text.Json.Nodes;

namespace Observatory.Contracts.Tests;

public sealed class SchemaCompatibilityTests
{
    [Fact]
    public void Compare_EveryRealSchemaWithItself_FindsNothing()
    {
        foreach (var info in ContractSchemas.Default.All)
        {
            var comparison = SchemaCompatibility.Compare(info.ParseDocument(), info.ParseDocument());

            Assert.Empty(comparison.Changes);
            Assert.Equal(BumpLevel.None, comparison.RequiredBump);
        }
    }

    [Fact]
    public void Compare_KeyOrderOnly_FindsNothing()
    {
        var comparison = SchemaCompatibility.Compare(
            Parse("""{"type":"object","properties":{"a":{"type":"string","maxLength":3}},"required":["a"]}"""),
            Parse("""{"required":["a"],"properties":{"a":{"maxLength":3,"type":"string"}},"type":"object"}"""));

        Assert.Empty(comparison.Changes);
    }

    [Fact]
    public void Compare_NestedRemoval_ReportsTheSchemaPath()
    {
        var comparison = SchemaCompatibility.Compare(
            Parse("""{"properties":{"error":{"type":"object","properties":{"type":{},"message":{}}}}}"""),
            Parse("""{"properties":{"error":{"type":"object","properties":{"type":{}}}}}"""));

        var change = Assert.Single(comparison.Changes);
        Assert.Equal(SchemaChangeKind.RemovedProperty, change.Kind);
        Assert.Equal("/properties/error/properties/message", change.Path);
        Assert.True(change.IsBreaking);
    }

    [Fact]
    public void Compare_PropertyNameWithSlash_IsEscapedInThePath()
    {
        var comparison = SchemaCompatibility.Compare(Parse("""{"properties":{"a/b":{}}}"""), Parse("""{"properties":{}}"""));

        Assert.Equal("/properties/a~1b", Assert.Single(comparison.Changes).Path);
    }

    [Theory]
    [InlineData("\"integer\"", "\"number\"", SchemaChangeKind.WidenedType)]
    [InlineData("\"number\"", "\"integer\"", SchemaChangeKind.ChangedType)]
    [InlineData("\"string\"", "[\"string\",\"null\"]", SchemaChangeKind.WidenedType)]
    [InlineData("[\"string\",\"null\"]", "\"string\"", SchemaChangeKind.ChangedType)]
    [InlineData("\"string\"", "\"integer\"", SchemaChangeKind.ChangedType)]
    public void Compare_TypeChange_IsClassifiedBySetInclusion(string oldType, string newType, SchemaChangeKind expected)
    {
        var comparison = SchemaCompatibility.Compare(Parse($$"""{"type":{{oldType}}}"""), Parse($$"""{"type":{{newType}}}"""));

        var change = Assert.Single(comparison.Changes);
        Assert.Equal(expected, change.Kind);
        Assert.Equal("/type", change.Path);
    }

    [Theory]
    [InlineData("maxLength", 64, 32, SchemaChangeKind.TightenedConstraint)]
    [InlineData("maxLength", 32, 64, SchemaChangeKind.RelaxedConstraint)]
    [InlineData("minimum", 0, 1, SchemaChangeKind.TightenedConstraint)]
    [InlineData("minimum", 1, 0, SchemaChangeKind.RelaxedConstraint)]
    [InlineData("maxItems", 20, 10, SchemaChangeKind.TightenedConstraint)]
    public void Compare_BoundChange_IsClassifiedByDirection(string keyword, int oldValue, int newValue, SchemaChangeKind expected)
    {
        var comparison = SchemaCompatibility.Compare(Parse($$"""{"{{keyword}}":{{oldValue}}}"""), Parse($$"""{"{{keyword}}":{{newValue}}}"""));

        Assert.Equal(expected, Assert.Single(comparison.Changes).Kind);
    }

    [Fact]
    public void Compare_AdditionalPropertiesSchema_IsWalked()
    {
        var comparison = SchemaCompatibility.Compare(
            Parse("""{"additionalProperties":{"type":["string","integer"]}}"""),
            Parse("""{"additionalProperties":{"type":"string"}}"""));

        var change = Assert.Single(comparison.Changes);
        Assert.Equal((SchemaChangeKind.ChangedType, "/additionalProperties/type"), (change.Kind, change.Path));
    }

    [Fact]
    public void Compare_AdditionalPropertiesFalseToTrue_IsOpened()
    {
        var comparison = SchemaCompatibility.Compare(Parse("""{"additionalProperties":false}"""), Parse("""{}"""));

        Assert.Equal(SchemaChangeKind.OpenedAdditionalProperties, Assert.Single(comparison.Changes).Kind);
        Assert.False(comparison.HasBreakingChanges);
    }

    [Fact]
    public void Compare_ItemsAddedWhereThereWereNone_IsATighterType()
    {
        var comparison = SchemaCompatibility.Compare(Parse("""{"type":"array"}"""), Parse("""{"type":"array","items":{"type":"string"}}"""));

        var change = Assert.Single(comparison.Changes);
        Assert.Equal((SchemaChangeKind.ChangedType, "/items/type"), (change.Kind, change.Path));
    }

    [Fact]
    public void Compare_RecursiveSchemaWithRetargetedReference_Terminates()
    {
        var oldSchema = Parse("""
            {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"name":{},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}
            """);
        var newSchema = Parse("""
            {"$ref":"#/$defs/tree","$defs":{"tree":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/tree"}}}}}}
            """);

        var comparison = SchemaCompatibility.Compare(oldSchema, newSchema);

        Assert.Contains(comparison.Changes, c => c.Kind == SchemaChangeKind.RemovedProperty && c.Path == "/properties/name");
    }

    [Fact]
    public void Compare_ExternalReferenceChanged_IsAChangedReference()
    {
        var comparison = SchemaCompatibility.Compare(
            Parse("""{"properties":{"a":{"$ref":"https://example.com/a.json"}}}"""),
            Parse("""{"properties":{"a":{"$ref":"https://example.com/b.json"}}}"""));

        var change = Assert.Single(comparison.Changes);
        Assert.Equal((SchemaChangeKind.ChangedReference, "/properties/a/$ref"), (change.Kind, change.Path));
        Assert.True(change.IsBreaking);
    }

    [Fact]
    public void Compare_UnmodelledKeywordChanged_IsTreatedAsBreaking()
    {
        var comparison = SchemaCompatibility.Compare(
            Parse("""{"dependentRequired":{"a":["b"]}}"""),
            Parse("""{"dependentRequired":{"a":["b","c"]}}"""));

        var change = Assert.Single(comparison.Changes);
        Assert.Equal((SchemaChangeKind.UnclassifiedChange, "/dependentRequired"), (change.Kind, change.Path));
        Assert.True(change.IsBreaking);
    }

    [Fact]
    public void Compare_IdChanged_IsAChangedIdentity()
    {
        var comparison = SchemaCompatibility.Compare(
            Parse("""{"$id":"https://observatory.dev/schemas/a.json"}"""),
            Parse("""{"$id":"https://observatory.dev/schemas/b.json"}"""));

        Assert.Equal(SchemaChangeKind.ChangedIdentity, Assert.Single(comparison.Changes).Kind);
    }

    [Fact]
    public void Compare_VersionOnly_IsNotAChange()
    {
        Assert.Empty(SchemaCompatibility.Compare(Parse("""{"$version":"1.0.0"}"""), Parse("""{"$version":"9.0.0"}""")).Changes);
    }

    [Fact]
    public void Compare_RealTaskWithWidenedStatus_IsMinor()
    {
        var oldSchema = ContractSchemas.Default.GetInfo(ContractName.Task).ParseDocument();
        var newSchema = oldSchema.DeepClone();
        newSchema["properties"]!["status"]!["enum"]!.AsArray().Add("paused");
        var current = SchemaVersion.FromSchema(oldSchema)!.Value;
        newSchema["$version"] = (current with { Minor = current.Minor + 1, Patch = 0 }).ToString();

        var result = SchemaCompatibility.CheckBump(oldSchema, newSchema);

        Assert.Equal(SchemaChangeKind.WidenedEnum, Assert.Single(result.Comparison.Changes).Kind);
        Assert.True(result.IsOk);
    }

    [Fact]
    public void Compare_RealEnvelopeGainingAnEventType_IsMinor()
    {
        // Proves the envelope is shaped so a new lifecycle event is a MINOR change, as the policy promises.
        var oldSchema = ContractSchemas.Default.GetInfo(ContractName.EventEnvelope).ParseDocument();
        var newSchema = oldSchema.DeepClone();
        newSchema["properties"]!["eventType"]!["enum"]!.AsArray().Add("task.paused");
        newSchema["allOf"]!.AsArray().Add(Parse("""
            {"if":{"required":["eventType"],"properties":{"eventType":{"const":"task.paused"}}},
             "then":{"properties":{"data":{"$ref":"#/$defs/pausedData"}}}}
            """));
        newSchema["$defs"]!["pausedData"] = Parse("""{"type":"object","required":["until"],"properties":{"until":{"type":"string","format":"date-time"}}}""");

        var comparison = SchemaCompatibility.Compare(oldSchema, newSchema);

        Assert.Equal(
            [SchemaChangeKind.WidenedEnum, SchemaChangeKind.AddedConditionalBranch, SchemaChangeKind.AddedDefinition],
            comparison.Changes.Select(c => c.Kind).Order());
        Assert.Equal(BumpLevel.Minor, comparison.RequiredBump);
    }

    [Fact]
    public void Compare_RealEnvelopeWithNarrowedEventData_IsMajor()
    {
        var oldSchema = ContractSchemas.Default.GetInfo(ContractName.EventEnvelope).ParseDocument();
        var newSchema = oldSchema.DeepClone();
        newSchema["$defs"]!["succeededData"]!["properties"]!["durationMs"]!["type"] = "integer";

        var change = Assert.Single(SchemaCompatibility.Compare(oldSchema, newSchema).Changes);

        Assert.Equal((SchemaChangeKind.ChangedType, "/$defs/succeededData/properties/durationMs/type"), (change.Kind, change.Path));
    }

    [Fact]
    public void CheckBump_MissingVersion_IsAViolation()
    {
        var result = SchemaCompatibility.CheckBump(Parse("""{"$version":"1.0.0"}"""), Parse("""{}"""));

        Assert.False(result.IsOk);
        Assert.Contains(result.Violations, v => v.Contains("new schema has no valid $version", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckBump_BreakingChangeWithMinorBump_NamesTheChangeInTheViolation()
    {
        var result = SchemaCompatibility.CheckBump(
            Parse("""{"$version":"1.2.0","properties":{"attempt":{}}}"""),
            Parse("""{"$version":"1.3.0","properties":{}}"""));

        var violation = Assert.Single(result.Violations);
        Assert.Contains("MAJOR bump", violation, StringComparison.Ordinal);
        Assert.Contains("1.2.0 to 1.3.0", violation, StringComparison.Ordinal);
        Assert.Contains("RemovedProperty at /properties/attempt", violation, StringComparison.Ordinal);
        Assert.Equal(BumpLevel.Minor, result.ActualBump);
        Assert.Equal(BumpLevel.Major, result.RequiredBump);
    }

    [Fact]
    public void ChangeKinds_EveryKindHasABump_AndOnlyAnnotationsArePatch()
    {
        foreach (var kind in Enum.GetValues<SchemaChangeKind>())
        {
            var bump = kind.RequiredBump();
            Assert.InRange(bump, BumpLevel.Patch, BumpLevel.Major);
            Assert.Equal(kind == SchemaChangeKind.AnnotationChanged, bump == BumpLevel.Patch);
            Assert.Equal(bump == BumpLevel.Major, kind.IsBreaking());
        }

        Assert.True(SchemaChangeKind.RemovedProperty.IsBreaking());
        Assert.True(SchemaChangeKind.NarrowedEnum.IsBreaking());
        Assert.True(SchemaChangeKind.ChangedType.IsBreaking());
        Assert.True(SchemaChangeKind.NewRequiredProperty.IsBreaking());
        Assert.True(SchemaChangeKind.ClosedAdditionalProperties.IsBreaking());
        Assert.False(SchemaChangeKind.AddedOptionalProperty.IsBreaking());
        Assert.False(SchemaChangeKind.WidenedEnum.IsBreaking());
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
