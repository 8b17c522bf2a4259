using System.Text.Json;

namespace Observatory.Contracts.Tests;

public sealed class PayloadSchemaTests
{
    private const string Sleep = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
         "required":["durationMs"],"properties":{"durationMs":{"type":"integer","minimum":0},"mode":{"enum":["fast","slow"]}}}
        """;

    [Fact]
    public void FindErrors_ValidPayload_IsNull()
    {
        Assert.Null(PayloadSchema.Compile("sleep", Sleep).FindErrors(Json("""{"durationMs":5}"""), "/payload"));
    }

    [Fact]
    public void FindErrors_InvalidPayload_KeysErrorsUnderThePrefix()
    {
        var errors = PayloadSchema.Compile("sleep", Sleep).FindErrors(Json("""{"durationMs":-1,"mode":"medium"}"""), "/payload");

        Assert.NotNull(errors);
        Assert.Equal(["/payload/durationMs", "/payload/mode"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Value should be one of \"fast\", \"slow\""], errors["/payload/mode"]);
    }

    [Fact]
    public void Compile_TwoSchemasForTheSameType_DoNotCollide()
    {
        var first = PayloadSchema.Compile("sleep", Sleep);
        var second = PayloadSchema.Compile("sleep", Sleep);

        Assert.True(second.Validate(Json("""{"durationMs":1}""")).IsValid);
        Assert.True(first.Validate(Json("""{"durationMs":1}""")).IsValid);
    }

    [Theory]
    [InlineData("not json", "it is not valid JSON")]
    [InlineData("[]", "it is not a JSON object")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#"}""", "its $schema must be https://json-schema.org/draft/2020-12/schema")]
    [InlineData("""{"properties":{"a":{"maxLength":-1}}}""", "/properties/a/maxLength: -1 should be at least 0")]
    public void Compile_InvalidSchema_SaysWhichTypeAndWhy(string schema, string reason)
    {
        var failure = Assert.Throws<ArgumentException>(() => PayloadSchema.Compile("broken", schema));

        Assert.StartsWith("The payload schema of task type 'broken' is not usable: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
