using System.Text.Json.Nodes;

namespace Observatory.Contracts.Tests;

public sealed class SchemaVersionTests
{
    [Theory]
    [InlineData("0.0.0", 0, 0, 0)]
    [InlineData("1.0.0", 1, 0, 0)]
    [InlineData("10.20.30", 10, 20, 30)]
    public void TryParse_CoreVersion_Parses(string text, int major, int minor, int patch)
    {
        Assert.True(SchemaVersion.TryParse(text, out var version));
        Assert.Equal(new SchemaVersion(major, minor, patch), version);
        Assert.Equal(text, version.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.00.0")]
    [InlineData("v1.0.0")]
    [InlineData(" 1.0.0")]
    [InlineData("1.0.0-beta")]
    [InlineData("1.0.0+build")]
    [InlineData("1.-1.0")]
    [InlineData("+1.0.0")]
    [InlineData("99999999999.0.0")]
    public void TryParse_NotStrictSemVerCore_Fails(string text)
    {
        Assert.False(SchemaVersion.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SchemaVersion.Parse(text));
    }

    [Fact]
    public void CompareTo_OrdersNumericallyNotLexically()
    {
        Assert.True(SchemaVersion.Parse("1.10.0") > SchemaVersion.Parse("1.9.0"));
        Assert.True(SchemaVersion.Parse("2.0.0") > SchemaVersion.Parse("1.99.99"));
        Assert.True(SchemaVersion.Parse("1.0.1") >= SchemaVersion.Parse("1.0.1"));
        Assert.True(SchemaVersion.Parse("0.9.9") < SchemaVersion.Parse("1.0.0"));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3", BumpLevel.None)]
    [InlineData("1.2.3", "1.2.4", BumpLevel.Patch)]
    [InlineData("1.2.3", "1.3.0", BumpLevel.Minor)]
    [InlineData("1.2.3", "1.3.7", BumpLevel.Minor)]
    [InlineData("1.2.3", "2.0.0", BumpLevel.Major)]
    public void BumpTo_NamesTheComponentThatMoved(string from, string to, BumpLevel expected)
    {
        Assert.Equal(expected, SchemaVersion.Parse(from).BumpTo(SchemaVersion.Parse(to)));
    }

    [Fact]
    public void BumpTo_Backwards_IsNull()
    {
        Assert.Null(SchemaVersion.Parse("2.0.0").BumpTo(SchemaVersion.Parse("1.9.9")));
    }

    [Fact]
    public void FromSchema_ReadsTheVersionKeyword()
    {
        Assert.Equal(new SchemaVersion(1, 4, 2), SchemaVersion.FromSchema(JsonNode.Parse("""{"$version":"1.4.2"}""")));
        Assert.Null(SchemaVersion.FromSchema(JsonNode.Parse("""{"version":"1.4.2"}""")));
        Assert.Null(SchemaVersion.FromSchema(JsonNode.Parse("""{"$version":1}""")));
        Assert.Null(SchemaVersion.FromSchema(JsonNode.Parse("true")));
    }
}
