using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>Scheduled tasks are durable: they run on time even when the silo that accepted them is gone.</summary>
public sealed class SchedulingTests : GatewayDeploymentTest
{
    private IReadOnlyList<ObservatoryProcess> _silos = [];

    protected override string Purpose => "scheduling";

    protected override async Task StartSilosAsync(ObservatoryDeployment deployment) =>
        _silos = await deployment.StartSilosAsync("silo-1");

    [Fact]
    public async Task ScheduledTask_RunsWithinTwoSecondsOfItsTime_AfterTheSiloRestarted()
    {
        var runAt = DateTimeOffset.UtcNow.AddSeconds(25);
        var id = await Client.SubmitJsonAsync($$"""{"type":"noop","runAt":"{{runAt:O}}"}""");
        await Eventually.ReturnsAsync(() => Client.GetStatusAsync(id), s => s == "scheduled", TimeSpan.FromSeconds(30), "the task to be scheduled");

        // Its in-memory wake-up dies with the silo; only the persisted due time can start it.
        await Deployment.StopAsync(_silos[0]);
        await Deployment.StartSilosAsync("silo-1b");
        // On a loaded machine the restart can outlast the wait; the task is then due the moment the silo is up.
        var dueFrom = DateTimeOffset.UtcNow > runAt ? DateTimeOffset.UtcNow : runAt;
        var task = await Eventually.ReturnsAsync(
            () => Client.GetTaskThroughFailoverAsync(id),
            t => t?.GetProperty("status").GetString() == "succeeded",
            TimeSpan.FromSeconds(90),
            "the scheduled task to run");

        var startedAt = task!.Value.GetProperty("startedAt").GetDateTimeOffset();
        Assert.InRange(startedAt, runAt, dueFrom + TimeSpan.FromSeconds(2));
        Assert.Equal("silo-1b", task.Value.GetProperty("silo").GetString());
    }
}
