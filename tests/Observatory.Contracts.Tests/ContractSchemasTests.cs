using System.Text.Json;
using System.Text.Json.Nodes;

namespace Observatory.Contracts.Tests;

public sealed class ContractSchemasTests
{
    private static readonly ContractSchemas _schemas = ContractSchemas.Default;

    private const string ValidTask = """
        {"id":"3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d","type":"email.send","status":"queued","payload":{},"tags":[],
         "submittedAt":"2025-11-27T18:00:00Z","updatedAt":"2025-11-27T18:00:00Z","attempt":0}
        """;

    private const string StartedEnvelope = """
        {"contractVersion":"1.0.0","eventId":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","eventType":"task.started",
         "occurredAt":"2025-11-27T18:00:01Z","taskId":"3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d","taskType":"email.send",
         "attempt":1,"correlationId":"req-1","producer":{"service":"silo","instance":"host-1","version":"0.1.0"},
         "data":{"silo":"silo-a"}}
        """;

    [Fact]
    public void Validate_SubmissionWithUnknownField_FailsNamingTheField()
    {
        var result = Validate(ContractName.TaskSubmission, """{"type":"email.send","colour":"red"}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/colour", error.InstancePath);
        Assert.Equal("additionalProperties", error.Keyword);
        Assert.Equal("Property \"colour\" is not allowed", error.Message);
    }

    [Fact]
    public void Validate_SubmissionWithoutType_ReportsTheMissingPropertyAtTheRoot()
    {
        var result = Validate(ContractName.TaskSubmission, """{"payload":{}}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal(string.Empty, error.InstancePath);
        Assert.Equal("required", error.Keyword);
        Assert.Equal("Required properties [\"type\"] are not present", error.Message);
    }

    [Fact]
    public void Validate_SubmissionWithBadType_QuotesThePattern()
    {
        var result = Validate(ContractName.TaskSubmission, """{"type":"Send Email"}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/type", error.InstancePath);
        Assert.Equal("Value should match the pattern ^[a-z][a-z0-9._-]{0,63}$", error.Message);
    }

    [Fact]
    public void Validate_SubmissionWithLongTag_PointsAtTheTag()
    {
        var result = Validate(ContractName.TaskSubmission, $$"""{"type":"email.send","tags":["ok","{{new string('x', 65)}}"]}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/tags/1", error.InstancePath);
        Assert.Equal("maxLength", error.Keyword);
    }

    [Fact]
    public void Validate_SubmissionWithSeveralProblems_ReportsEachOne()
    {
        var result = Validate(ContractName.TaskSubmission, """{"type":7,"tags":["a","a"],"extra":true}""");

        Assert.Equal(
            new[] { ("/extra", "additionalProperties"), ("/tags", "uniqueItems"), ("/type", "type") },
            result.Errors.Select(e => (e.InstancePath, e.Keyword)).Order().ToArray());
    }

    [Fact]
    public void Validate_TaskWithUnknownStatus_ListsTheAllowedValues()
    {
        var task = JsonNode.Parse(ValidTask)!;
        task["status"] = "pending";

        var error = Assert.Single(_schemas.Validate(ContractName.Task, task).Errors);

        Assert.Equal("/status", error.InstancePath);
        Assert.Equal(
            "Value should be one of \"queued\", \"scheduled\", \"running\", \"retrying\", \"succeeded\", \"failed\", \"dead-lettered\", \"cancelled\"",
            error.Message);
    }

    [Fact]
    public void Validate_AcceptedWithWrongStatus_ListsTheAllowedValues()
    {
        var result = Validate(
            ContractName.TaskAccepted,
            """{"taskId":"3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d","eventId":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","status":"running","location":"/api/v1/tasks/x"}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("enum", error.Keyword);
        Assert.Equal("Value should be one of \"queued\", \"scheduled\"", error.Message);
    }

    [Theory]
    [InlineData("id", "not-a-uuid", "uuid")]
    [InlineData("submittedAt", "2025-11-27 18:00", "date-time")]
    [InlineData("updatedAt", "2025-11-27T18:00:00", "date-time")]
    public void Validate_BadFormat_IsAssertedNotJustAnnotated(string field, string value, string format)
    {
        var task = JsonNode.Parse(ValidTask)!;
        task[field] = value;

        var error = Assert.Single(_schemas.Validate(ContractName.Task, task).Errors);

        Assert.Equal("/" + field, error.InstancePath);
        Assert.Equal("format", error.Keyword);
        Assert.Contains($"\"{format}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnvelopeWithAnotherEventTypesData_ReportsOnlyTheDataShape()
    {
        var envelope = JsonNode.Parse(StartedEnvelope)!;
        envelope["data"] = new JsonObject { ["runAt"] = "2025-11-27T18:00:01Z" };

        var error = Assert.Single(_schemas.Validate(ContractName.EventEnvelope, envelope).Errors);

        // Seven if-conditions fail on every envelope; none of them is an error.
        Assert.Equal("/data", error.InstancePath);
        Assert.Equal("required", error.Keyword);
        Assert.Equal("Required properties [\"silo\"] are not present", error.Message);
    }

    [Fact]
    public void Validate_EnvelopeInvalidElsewhere_DoesNotReportFailedConditions()
    {
        var envelope = JsonNode.Parse(StartedEnvelope)!;
        envelope["eventId"] = "evt-1";

        var error = Assert.Single(_schemas.Validate(ContractName.EventEnvelope, envelope).Errors);

        Assert.Equal("/eventId", error.InstancePath);
    }

    [Fact]
    public void Validate_ValidInstance_ReturnsTheSharedValidResult()
    {
        var result = Validate(ContractName.EventEnvelope, StartedEnvelope);

        Assert.True(result.IsValid);
        Assert.Same(ContractValidationResult.Valid, result);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Validate_NullNode_IsTheJsonNullLiteral()
    {
        var result = _schemas.Validate(ContractName.TaskSubmission, (JsonNode?)null);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("", "type"), (error.InstancePath, error.Keyword));
    }

    [Fact]
    public void Validate_UnknownContract_Throws()
    {
        using var document = JsonDocument.Parse("{}");

        Assert.Throws<ArgumentOutOfRangeException>(() => _schemas.Validate((ContractName)99, document.RootElement));
    }

    [Fact]
    public void ToErrorDictionary_GroupsMessagesByInstancePath()
    {
        var result = Validate(ContractName.TaskSubmission, """{"tags":["", ""]}""");

        var errors = result.ToErrorDictionary();

        Assert.Equal(["", "/tags", "/tags/0", "/tags/1"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Required properties [\"type\"] are not present"], errors[""]);
    }

    [Fact]
    public void Validate_ManyConcurrentCallers_GetConsistentResults()
    {
        var valid = JsonDocument.Parse(StartedEnvelope).RootElement.Clone();
        var invalid = JsonDocument.Parse("""{"type":"email.send","colour":"red"}""").RootElement.Clone();
        var failures = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var ok = i % 2 == 0
                ? _schemas.Validate(ContractName.EventEnvelope, valid).IsValid
                : _schemas.Validate(ContractName.TaskSubmission, invalid).Errors is [{ InstancePath: "/colour" }];
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Default_IsOneSharedInstance()
    {
        Assert.Same(ContractSchemas.Default, ContractSchemas.Default);
    }

    [Fact]
    public void GetInfo_EveryContract_ExposesIdVersionAndFileFromItsSchema()
    {
        foreach (var contract in Enum.GetValues<ContractName>())
        {
            var info = _schemas.GetInfo(contract);
            var onDisk = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Schemas, info.FileName)))!;

            Assert.Equal(contract, info.Name);
            Assert.Equal(new Uri("https://observatory.dev/schemas/" + info.FileName), info.Id);
            Assert.Equal(onDisk["$id"]!.GetValue<string>(), info.Id.ToString());
            Assert.Equal(onDisk["$version"]!.GetValue<string>(), info.Version.ToString());
            Assert.Equal(onDisk["title"]!.GetValue<string>(), info.Title);
        }

        Assert.Equal(Enum.GetValues<ContractName>(), _schemas.All.Select(i => i.Name));
    }

    [Fact]
    public void EmbeddedSchemas_AreByteForByteTheFilesOnDisk()
    {
        // The seed system kept drifting copies of its schemas; here the library embeds the one source.
        foreach (var info in _schemas.All)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Schemas, info.FileName)), info.Text);
        }
    }

    [Fact]
    public void ParseDocument_ReturnsAnIndependentCopy()
    {
        var info = _schemas.GetInfo(ContractName.Task);

        var first = info.ParseDocument();
        first["title"] = "changed";

        Assert.Equal(info.Title, info.ParseDocument()["title"]!.GetValue<string>());
    }

    private static ContractValidationResult Validate(ContractName contract, string json)
    {
        using var document = JsonDocument.Parse(json);
        return _schemas.Validate(contract, document.RootElement);
    }
}
