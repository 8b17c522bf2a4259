using Observatory.TaskTypes;

namespace Observatory.Grains.Tests;

/// <summary>The catalog the gateway reads, called through a real silo.</summary>
public sealed class TaskTypeCatalogGrainTests : IClassFixture<TaskClusterFixture>
{
    private readonly TaskClusterFixture _fixture;

    public TaskTypeCatalogGrainTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task GetTaskTypes_ReturnsEveryRegisteredHandlerSortedByType()
    {
        var catalog = _fixture.Cluster.Client.GetGrain<ITaskTypeCatalogGrain>(ITaskTypeCatalogGrain.Key);

        var types = await catalog.GetTaskTypesAsync();

        Assert.Equal(["count", "cpu", "fail", "flaky", "noop", "simulate", "sleep"], types.Select(t => t.Type));
        var sleep = Assert.Single(types, t => t.Type == "sleep");
        Assert.Contains("\"durationMs\"", sleep.PayloadSchema, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(sleep.Description));
    }
}
