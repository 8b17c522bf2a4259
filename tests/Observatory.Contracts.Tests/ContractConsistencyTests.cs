using System.Text.Json.Nodes;

namespace Observatory.Contracts.Tests;

/// <summary>
/// Schemas are self-contained, so a shape used by two contracts is written twice. These tests keep the copies
/// from drifting: a change to one contract must be made (and bumped) in the other as well.
/// </summary>
public sealed class ContractConsistencyTests
{
    private static readonly string[] _statuses =
        ["queued", "scheduled", "running", "retrying", "succeeded", "failed", "dead-lettered", "cancelled"];

    [Fact]
    public void BatchSubmission_ItemShape_IsTheSingleSubmissionShape()
    {
        var single = Document(ContractName.TaskSubmission);
        var item = Document(ContractName.TaskBatchSubmission)["$defs"]!["submission"]!;

        foreach (var keyword in (string[])["type", "additionalProperties", "required", "properties"])
        {
            Assert.True(JsonNode.DeepEquals(single[keyword], item[keyword]), $"$defs/submission/{keyword} differs from task-submission.json.");
        }
    }

    [Fact]
    public void TaskStatuses_AreTheSameInEveryContractThatListsThem()
    {
        var task = Strings(Document(ContractName.Task)["properties"]!["status"]!["enum"]);
        var page = Strings(Document(ContractName.TaskPage)["$defs"]!["summary"]!["properties"]!["status"]!["enum"]);
        var counts = Document(ContractName.TaskCounts)["properties"]!["counts"]!;

        Assert.Equal(_statuses, task);
        Assert.Equal(task, page);
        Assert.Equal(task, Strings(counts["required"]));
        Assert.Equal(task, counts["properties"]!.AsObject().Select(p => p.Key));
        var stats = Document(ContractName.Stats)["properties"]!["tasks"]!["properties"]!["byStatus"]!;
        Assert.Equal(task, Strings(stats["required"]));
        Assert.Equal(task, stats["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void AcceptedStatuses_AreTaskStatuses()
    {
        var accepted = Strings(Document(ContractName.TaskAccepted)["properties"]!["status"]!["enum"]);

        Assert.Equal(["queued", "scheduled"], accepted);
        Assert.All(accepted, s => Assert.Contains(s, _statuses));
    }

    [Fact]
    public void TaskTimeline_EventTypes_AreTheEnvelopeEventTypes()
    {
        var envelope = Strings(Document(ContractName.EventEnvelope)["properties"]!["eventType"]!["enum"]);
        var timeline = Strings(Document(ContractName.Task)["$defs"]!["timelineEntry"]!["properties"]!["eventType"]!["enum"]);

        Assert.Equal(envelope, timeline);
    }

    [Fact]
    public void ArchivedEvent_EventTypesAndTaskTypePattern_AreTheEnvelopes()
    {
        var envelope = Document(ContractName.EventEnvelope)["properties"]!;
        var archived = Document(ContractName.EventPage)["$defs"]!["event"]!["properties"]!;

        Assert.Equal(Strings(envelope["eventType"]!["enum"]), Strings(archived["eventType"]!["enum"]));
        Assert.True(JsonNode.DeepEquals(envelope["taskType"]!["pattern"], archived["taskType"]!["pattern"]));
    }

    [Fact]
    public void BatchResultProblem_HasTheProblemDetailsRulesForEveryFieldItDeclares()
    {
        var problemDetails = Document(ContractName.ProblemDetails);
        var copy = Document(ContractName.TaskBatchResult)["$defs"]!["problem"]!;

        Assert.True(JsonNode.DeepEquals(problemDetails["required"], copy["required"]));
        foreach (var (name, property) in copy["properties"]!.AsObject())
        {
            var original = problemDetails["properties"]![name];
            Assert.NotNull(original);
            Assert.True(JsonNode.DeepEquals(WithoutDescription(original), WithoutDescription(property)), $"$defs/problem/properties/{name} differs from problem-details.json.");
        }
    }

    [Fact]
    public void TaskTypeNames_FollowTheSubmissionPattern()
    {
        var pattern = Document(ContractName.TaskSubmission)["properties"]!["type"]!["pattern"];

        Assert.True(JsonNode.DeepEquals(pattern, Document(ContractName.TaskTypes)["$defs"]!["taskType"]!["properties"]!["type"]!["pattern"]));
        Assert.True(JsonNode.DeepEquals(pattern, Document(ContractName.TaskPage)["$defs"]!["summary"]!["properties"]!["type"]!["pattern"]));
    }

    private static JsonNode Document(ContractName contract) => ContractSchemas.Default.GetInfo(contract).ParseDocument();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];

    private static JsonObject WithoutDescription(JsonNode? schema)
    {
        var copy = schema!.DeepClone().AsObject();
        copy.Remove("description");
        return copy;
    }
}
