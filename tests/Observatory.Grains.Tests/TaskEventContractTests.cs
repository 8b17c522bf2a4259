using System.Text.Json;
using Observatory.Contracts;

namespace Observatory.Grains.Tests;

/// <summary>What the gateway puts on the wire conforms to the published event envelope contract.</summary>
public sealed class TaskEventContractTests
{
    [Fact]
    public void SubmittedEnvelope_SerializedAsTheProviderPublishesIt_ConformsToTheEventEnvelopeContract()
    {
        var envelope = TaskEvents.Submitted("sleep", """{"durationMs":5}""", tags: ["nightly", "batch-7"]);

        // The stream provider serializes events with the web defaults (camelCase).
        var wire = JsonSerializer.SerializeToElement(envelope, JsonSerializerOptions.Web);
        var result = ContractSchemas.Default.Validate(ContractName.EventEnvelope, wire);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.InstancePath}: {e.Message}")));
        Assert.Equal("task.submitted", wire.GetProperty("eventType").GetString());
        Assert.Equal(5, wire.GetProperty("data").GetProperty("payload").GetProperty("durationMs").GetInt32());
    }

    [Fact]
    public void SubmittedEnvelope_WithoutTags_StillCarriesAnEmptyTagList()
    {
        var envelope = TaskEvents.Submitted("noop");

        var wire = JsonSerializer.SerializeToElement(envelope, JsonSerializerOptions.Web);

        Assert.True(ContractSchemas.Default.Validate(ContractName.EventEnvelope, wire).IsValid);
        Assert.Equal(JsonValueKind.Array, wire.GetProperty("data").GetProperty("tags").ValueKind);
    }
}
