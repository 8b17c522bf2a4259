using Microsoft.Extensions.Time.Testing;
using Observatory.Grains.Handlers;

namespace Observatory.Grains.Tests.Handlers;

public sealed class SleepTaskHandlerTests
{
    private readonly FakeTimeProvider _clock = new(Attempts.Start);

    [Fact]
    public async Task Execute_ClockReachesTheDuration_Completes()
    {
        var handler = new SleepTaskHandler(_clock);

        var run = handler.ExecuteAsync(Attempts.Of("sleep", """{"durationMs":1000}"""), CancellationToken.None).AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var completedEarly = run.IsCompleted;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run;

        Assert.False(completedEarly);
        Assert.Equal("""{"sleptMs":1000}""", result!.ToJsonString());
    }

    [Fact]
    public async Task Execute_Cancelled_StopsWaiting()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new SleepTaskHandler(_clock);

        var run = handler.ExecuteAsync(Attempts.Of("sleep", """{"durationMs":60000}"""), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"durationMs":-1}""")]
    [InlineData("""{"durationMs":"5"}""")]
    public async Task Execute_PayloadTheSchemaWouldReject_FailsPermanently(string payload)
    {
        var handler = new SleepTaskHandler(_clock);

        var failure = await Assert.ThrowsAsync<TaskPayloadException>(() => handler.ExecuteAsync(Attempts.Of("sleep", payload), CancellationToken.None).AsTask());

        Assert.IsAssignableFrom<PermanentTaskFailureException>(failure);
    }

    [Fact]
    public async Task Execute_IntegerWrittenWithAFraction_IsAcceptedLikeTheSchemaAcceptsIt()
    {
        var handler = new SleepTaskHandler(_clock);

        var result = await handler.ExecuteAsync(Attempts.Of("sleep", """{"durationMs":0.0}"""), CancellationToken.None);

        Assert.Equal("""{"sleptMs":0}""", result!.ToJsonString());
    }
}
