using Observatory.Contracts;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>Two silo processes on one PostgreSQL membership table form one cluster and share the work.</summary>
public sealed class TwoSiloClusterTests : GatewayDeploymentTest
{
    private IReadOnlyList<ObservatoryProcess> _silos = [];

    protected override string Purpose => "twosilo";

    // Both silos start at once, as a deployment would: the migration lock and the membership
    // protocol sort them out.
    protected override async Task StartSilosAsync(ObservatoryDeployment deployment) =>
        _silos = await deployment.StartSilosAsync("silo-1", "silo-2");

    [Fact]
    public async Task TwoSiloProcesses_FormOneCluster_AndBothProcessTasks()
    {
        var active = await Eventually.ReturnsAsync(Deployment.CountActiveSilosAsync, n => n == 2, TimeSpan.FromSeconds(60), "two active silos in the membership table");

        // Queue ownership settles shortly after the second silo joins; submit until both silos have run tasks.
        var silos = await Eventually.ReturnsAsync(
            async () =>
            {
                var ids = new List<Guid>();
                for (var i = 0; i < 40; i++)
                {
                    ids.Add(await Client.SubmitAsync("noop"));
                }

                var ranOn = new HashSet<string>();
                foreach (var id in ids)
                {
                    var task = await Eventually.ReturnsAsync(() => Client.GetTaskAsync(id), t => t?.GetProperty("status").GetString() == "succeeded", TimeSpan.FromSeconds(60), $"task {id}");
                    ranOn.Add(task!.Value.GetProperty("silo").GetString()!);
                }

                return ranOn;
            },
            ranOn => ranOn.Count == 2,
            TimeSpan.FromSeconds(90),
            "tasks to run on both silos");

        Assert.Equal(2, active);
        Assert.Equal(["silo-1", "silo-2"], silos.Order());

        // The cluster view: both silos active, with activations, every queue read by exactly one.
        var cluster = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync("/api/v1/cluster"),
            c => c.GetProperty("unownedQueues").GetArrayLength() == 0 && c.GetProperty("silos").EnumerateArray().All(s => s.GetProperty("queues").GetArrayLength() > 0),
            TimeSpan.FromSeconds(60),
            "every queue to have one reader");
        var contract = ContractSchemas.Default.Validate(ContractName.Cluster, cluster);
        Assert.True(contract.IsValid, string.Join("; ", contract.Errors.Select(e => $"{e.InstancePath}: {e.Message}")));
        var members = cluster.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(["silo-1", "silo-2"], members.Select(m => m.GetProperty("name").GetString()).Order());
        Assert.All(members, m => Assert.Equal("active", m.GetProperty("status").GetString()));
        Assert.All(members, m => Assert.True(m.GetProperty("activations").GetInt32() > 0));
        var queues = members.SelectMany(m => m.GetProperty("queues").EnumerateArray().Select(q => q.GetString()!)).ToList();
        Assert.Equal(cluster.GetProperty("queueCount").GetInt32(), queues.Count);
        Assert.Equal(queues.Count, queues.Distinct().Count());
    }

    [Fact]
    public async Task SiloKilledMidStream_EveryAcceptedTaskStillSucceeds_OnTheSurvivor()
    {
        await Eventually.ReturnsAsync(Deployment.CountActiveSilosAsync, n => n == 2, TimeSpan.FromSeconds(60), "two active silos");
        var ids = new List<Guid>();
        for (var i = 0; i < 150; i++)
        {
            ids.Add(await Client.SubmitAsync("sleep", """{"durationMs":200}"""));
        }

        // kill -9: no graceful hand-over; its unacked messages must come back from the broker.
        _silos[1].Kill();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await Client.SubmitAsync("noop"));
        }

        var lastSilo = new Dictionary<Guid, string>();
        foreach (var id in ids)
        {
            var task = await Eventually.ReturnsAsync(
                () => Client.GetTaskThroughFailoverAsync(id),
                t => t?.GetProperty("status").GetString() == "succeeded",
                TimeSpan.FromSeconds(180),
                $"task {id} to succeed after the kill");
            lastSilo[id] = task!.Value.GetProperty("silo").GetString()!;
        }

        Assert.Equal(200, lastSilo.Count);
        Assert.Contains("silo-1", lastSilo.Values);

        // The survivor took the dead silo's queues over, and the cluster view says so.
        var cluster = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync("/api/v1/cluster"),
            c => c.GetProperty("silos").EnumerateArray().Any(s => s.GetProperty("name").GetString() == "silo-1" && s.GetProperty("queues").GetArrayLength() == c.GetProperty("queueCount").GetInt32()),
            TimeSpan.FromSeconds(60),
            "silo-1 to read every queue");
        Assert.Equal(0, cluster.GetProperty("unownedQueues").GetArrayLength());
    }

    [Fact]
    public async Task SiloKilledWhileRunningLongTasks_TheyCompleteOnTheSurvivor_WithTheInterruptedAttemptRecorded()
    {
        await Eventually.ReturnsAsync(Deployment.CountActiveSilosAsync, n => n == 2, TimeSpan.FromSeconds(60), "two active silos");
        var ids = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            ids.Add(await Client.SubmitJsonAsync("""{"type":"sleep","payload":{"durationMs":4000},"maxAttempts":3}"""));
        }

        // Wait until every task is durably running (its delivery is acked by then), then kill the
        // silo running some of them: only the persisted state can bring those back.
        var running = new Dictionary<Guid, string>();
        foreach (var id in ids)
        {
            var task = await Eventually.ReturnsAsync(() => Client.GetTaskAsync(id), t => t?.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(60), $"task {id} to run");
            running[id] = task!.Value.GetProperty("silo").GetString()!;
        }

        _silos[1].Kill();
        var onKilled = running.Where(r => r.Value == "silo-2").Select(r => r.Key).ToList();
        var outcomes = new List<JsonElement>();
        foreach (var id in onKilled)
        {
            var task = await Eventually.ReturnsAsync(
                () => Client.GetTaskThroughFailoverAsync(id),
                t => t?.GetProperty("status").GetString() == "succeeded",
                TimeSpan.FromSeconds(180),
                $"task {id} to succeed after its silo was killed");
            outcomes.Add(task!.Value);
        }

        Assert.NotEmpty(onKilled);
        Assert.All(outcomes, task =>
        {
            var attempts = task.GetProperty("attempts").EnumerateArray().ToList();
            Assert.Equal(2, attempts.Count);
            Assert.Equal(("interrupted", "silo-2"), (attempts[0].GetProperty("outcome").GetString(), attempts[0].GetProperty("silo").GetString()));
            Assert.Equal(("succeeded", "silo-1"), (attempts[1].GetProperty("outcome").GetString(), attempts[1].GetProperty("silo").GetString()));
        });
    }
}
