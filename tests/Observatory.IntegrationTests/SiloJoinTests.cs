using System.Collections.Concurrent;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>A silo joining a running cluster takes over part of the queues without losing a task.</summary>
public sealed class SiloJoinTests : GatewayDeploymentTest
{
    protected override string Purpose => "join";

    protected override Task StartSilosAsync(ObservatoryDeployment deployment) => deployment.StartSilosAsync("silo-1");

    [Fact]
    public async Task SiloJoiningMidStream_TakesOverQueues_AndNoAcceptedTaskIsLost()
    {
        var accepted = new ConcurrentQueue<Guid>();
        using var stop = new CancellationTokenSource();
        var submitter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                accepted.Enqueue(await Client.SubmitAsync("sleep", """{"durationMs":20}"""));
            }
        });

        await Eventually.ReturnsAsync(() => Task.FromResult(accepted.Count), n => n >= 50, TimeSpan.FromSeconds(30), "submissions before the join");
        await Deployment.StartSilosAsync("silo-2");
        var ranOn = new ConcurrentDictionary<string, int>();
        await Eventually.ReturnsAsync(
            async () =>
            {
                // Only tasks submitted after the join can show where queues went.
                foreach (var id in accepted.TakeLast(20))
                {
                    var task = await Client.GetTaskThroughFailoverAsync(id);
                    if (task?.GetProperty("status").GetString() == "succeeded")
                    {
                        ranOn.AddOrUpdate(task.Value.GetProperty("silo").GetString()!, 1, (_, n) => n + 1);
                    }
                }

                return ranOn.Keys.Count;
            },
            silos => silos == 2,
            TimeSpan.FromSeconds(90),
            "tasks to run on the joined silo too");
        await stop.CancelAsync();
        await submitter;

        foreach (var id in accepted)
        {
            await Eventually.ReturnsAsync(() => Client.GetTaskThroughFailoverAsync(id), t => t?.GetProperty("status").GetString() == "succeeded", TimeSpan.FromSeconds(60), $"task {id} to succeed");
        }

        Assert.Contains("silo-2", ranOn.Keys);
    }
}
