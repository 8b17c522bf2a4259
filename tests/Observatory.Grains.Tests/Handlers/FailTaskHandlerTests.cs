using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests.Handlers;

public sealed class FailTaskHandlerTests
{
    private readonly FailTaskHandler _handler = new();

    [Fact]
    public async Task Execute_EmptyPayload_FailsRetryablyWithTheDefaultMessage()
    {
        var failure = await Assert.ThrowsAsync<SimulatedTaskFailureException>(() => RunAsync("""{}"""));

        Assert.Equal("The fail task failed on purpose.", failure.Message);
    }

    [Fact]
    public async Task Execute_NotPermanent_FailsRetryablyWithTheGivenMessage()
    {
        var failure = await Assert.ThrowsAsync<SimulatedTaskFailureException>(() => RunAsync("""{"message":"disk full","permanent":false}"""));

        Assert.Equal("disk full", failure.Message);
        Assert.IsNotAssignableFrom<PermanentTaskFailureException>(failure);
    }

    [Fact]
    public async Task Execute_Permanent_FailsSoThatRetryingCannotHelp()
    {
        var failure = await Assert.ThrowsAsync<PermanentTaskFailureException>(() => RunAsync("""{"message":"no such customer","permanent":true}"""));

        Assert.Equal("no such customer", failure.Message);
    }

    [Fact]
    public async Task Execute_PermanentIsNotABoolean_FailsAsAPayloadError()
    {
        await Assert.ThrowsAsync<TaskPayloadException>(() => RunAsync("""{"permanent":"yes"}"""));
    }

    private Task<System.Text.Json.Nodes.JsonNode?> RunAsync(string payload) => _handler.ExecuteAsync(Attempts.Of("fail", payload), CancellationToken.None).AsTask();
}
