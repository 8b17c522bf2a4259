using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests.Handlers;

public sealed class TaskHandlerRegistryTests
{
    private static readonly TaskHandlerRegistry BuiltIns = CreateBuiltIns();

    [Theory]
    [InlineData("noop", """{}""")]
    [InlineData("noop", """{"note":"run 7"}""")]
    [InlineData("noop", """{"anything":[1,2,3]}""")]
    [InlineData("sleep", """{"durationMs":0}""")]
    [InlineData("sleep", """{"durationMs":3600000}""")]
    [InlineData("simulate", """{}""")]
    [InlineData("simulate", """{"minDurationMs":10,"maxDurationMs":20,"failureRate":0.25}""")]
    [InlineData("cpu", """{"durationMs":60000}""")]
    [InlineData("cpu", """{"iterations":1000}""")]
    [InlineData("fail", """{}""")]
    [InlineData("fail", """{"message":"boom","permanent":true}""")]
    public void ValidatePayload_PayloadFitsTheType_IsNull(string type, string payload) =>
        Assert.Null(Validate(type, payload));

    [Theory]
    [InlineData("sleep", """{}""", "/payload", "Required properties [\"durationMs\"] are not present")]
    [InlineData("sleep", """{"durationMs":-1}""", "/payload/durationMs", "-1 should be at least 0")]
    [InlineData("sleep", """{"durationMs":3600001}""", "/payload/durationMs", "3600001 should be at most 3600000")]
    [InlineData("sleep", """{"durationMs":1.5}""", "/payload/durationMs", "Value is \"number\" but should be \"integer\"")]
    [InlineData("sleep", """[]""", "/payload", "Value is \"array\" but should be \"object\"")]
    [InlineData("simulate", """{"failureRate":2}""", "/payload/failureRate", "2 should be at most 1")]
    [InlineData("simulate", """{"minDurationMs":"10"}""", "/payload/minDurationMs", "Value is \"string\" but should be \"integer\"")]
    [InlineData("cpu", """{"durationMs":60001}""", "/payload/durationMs", "60001 should be at most 60000")]
    [InlineData("cpu", """{"iterations":0}""", "/payload/iterations", "0 should be at least 1")]
    [InlineData("cpu", """{"durationMs":1,"iterations":2}""", "/payload", "Value should have at most 1 properties")]
    [InlineData("fail", """{"permanent":"yes"}""", "/payload/permanent", "Value is \"string\" but should be \"boolean\"")]
    [InlineData("fail", """{"message":""}""", "/payload/message", "Value should be at least 1 characters")]
    public void ValidatePayload_PayloadBreaksTheSchema_ReportsTheFieldAndWhy(string type, string payload, string path, string message)
    {
        var errors = Validate(type, payload);

        Assert.NotNull(errors);
        Assert.Equal([path], errors.Keys);
        Assert.Equal([message], errors[path]);
    }

    [Fact]
    public void ValidatePayload_CpuWithNeitherDurationNorIterations_NamesBothAlternatives()
    {
        var errors = Validate("cpu", """{}""");

        Assert.NotNull(errors);
        Assert.Equal(
            ["Required properties [\"durationMs\"] are not present", "Required properties [\"iterations\"] are not present"],
            errors["/payload"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValidatePayload_UnknownType_ReportsItUnderTypeWithTheKnownTypes()
    {
        var errors = Validate("nope", """{}""");

        Assert.NotNull(errors);
        Assert.Equal(["Unknown task type 'nope'. Known types: cpu, fail, noop, simulate, sleep."], errors["/type"]);
    }

    [Fact]
    public void Describe_BuiltIns_ListsEveryTypeSortedWithDescriptionAndSchema()
    {
        var descriptors = BuiltIns.Describe();

        Assert.Equal(["cpu", "fail", "noop", "simulate", "sleep"], descriptors.Select(d => d.Type));
        Assert.All(descriptors, d => Assert.False(string.IsNullOrWhiteSpace(d.Description)));
        Assert.All(descriptors, d => Assert.NotNull(JsonNode.Parse(d.PayloadSchema) as JsonObject));
    }

    [Fact]
    public void Describe_BuiltIns_EverySchemaIsClosedExceptNoopAndDeclaresDraft202012()
    {
        foreach (var descriptor in BuiltIns.Describe())
        {
            var schema = JsonNode.Parse(descriptor.PayloadSchema)!;
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
            Assert.Equal("object", schema["type"]!.GetValue<string>());

            // noop ignores its payload, so it takes any object; every other type names its fields.
            Assert.Equal(descriptor.Type != "noop", schema["additionalProperties"]?.GetValue<bool>() == false);
        }
    }

    [Fact]
    public void Construct_HandlerWithInvalidSchema_FailsNamingTheHandlerAndTheProblem()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new TaskHandlerRegistry([new NoopTaskHandler(), new BrokenSchemaHandler()]));

        Assert.Contains("'broken'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(BrokenSchemaHandler), failure.Message, StringComparison.Ordinal);
        Assert.Contains("/properties/durationMs/minimum: Value is \"string\" but should be \"number\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Construct_TwoHandlersForOneType_Fails()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new TaskHandlerRegistry([new NoopTaskHandler(), new NoopTaskHandler()]));

        Assert.Contains("'noop'", failure.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyDictionary<string, string[]>? Validate(string type, string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return BuiltIns.ValidatePayload(type, document.RootElement);
    }

    // Through the real registration, so a handler left out of AddObservatoryTasks fails these tests.
    private static TaskHandlerRegistry CreateBuiltIns()
    {
        var services = new ServiceCollection();
        services.AddObservatoryTasks();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<TaskHandlerRegistry>();
    }

    private sealed class BrokenSchemaHandler : ITaskHandler
    {
        public string TaskType => "broken";

        public string Description => "Has a schema with a typo'd limit.";

        public string PayloadSchema => """{"type":"object","properties":{"durationMs":{"type":"integer","minimum":"0"}}}""";

        public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsonNode?>(null);
    }
}
