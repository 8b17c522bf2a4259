using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>After a silo dies with <c>kill -9</c>, the statistics agree with PostgreSQL again within seconds.</summary>
public sealed class StatsFailoverTests : GatewayDeploymentTest
{
    /// <summary>Counts refresh every second; the stats grain may have to reactivate on the survivor first.</summary>
    private static readonly TimeSpan ReconcileWithin = TimeSpan.FromSeconds(10);
    private IReadOnlyList<ObservatoryProcess> _silos = [];

    protected override string Purpose => "statsfailover";

    protected override async Task StartSilosAsync(ObservatoryDeployment deployment) =>
        _silos = await deployment.StartSilosAsync("silo-1", "silo-2");

    [Fact]
    public async Task Stats_AfterSiloCrash_ReconcileWithPostgres()
    {
        await Eventually.ReturnsAsync(Deployment.CountActiveSilosAsync, n => n == 2, TimeSpan.FromSeconds(60), "two active silos");
        await Eventually.ReturnsAsync(() => Client.GetJsonAsync("/api/v1/stats"), s => s.GetProperty("silos").GetArrayLength() == 2, TimeSpan.FromSeconds(30), "both silos reporting");
        var ids = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(await Client.SubmitAsync("sleep", """{"durationMs":300}"""));
        }

        _silos[1].Kill();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await Client.SubmitAsync("noop"));
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => Client.GetTaskThroughFailoverAsync(id), t => t?.GetProperty("status").GetString() == "succeeded", TimeSpan.FromSeconds(180), $"task {id}");
        }

        var truth = await TaskStateTable.CountByStatusAsync(Deployment.Database.ConnectionString, Deployment.Settings.ServiceId);
        var settled = TimeProvider.System.GetTimestamp();
        var stats = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync("/api/v1/stats"),
            s => Counts(s).SequenceEqual(Normalise(truth)) && s.GetProperty("silos").GetArrayLength() == 1,
            ReconcileWithin,
            "the stats to match PostgreSQL and drop the dead silo");

        TestContext.Current.TestOutputHelper?.WriteLine($"stats matched PostgreSQL {TimeProvider.System.GetElapsedTime(settled).TotalMilliseconds:F0} ms after the last task was seen succeeded");
        Assert.Equal(150, truth["succeeded"]);
        Assert.Equal(150, stats.GetProperty("tasks").GetProperty("total").GetInt64());
        StatsApiTests.AssertValid(ContractName.Stats, stats);
    }

    private static IEnumerable<KeyValuePair<string, long>> Counts(JsonElement stats) =>
        stats.GetProperty("tasks").GetProperty("byStatus").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt64()))
            .Where(p => p.Value != 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal);

    private static IEnumerable<KeyValuePair<string, long>> Normalise(IReadOnlyDictionary<string, long> counts) =>
        counts.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal);
}
