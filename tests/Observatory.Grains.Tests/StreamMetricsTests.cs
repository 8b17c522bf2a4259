using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;
using Observatory.Testing;

namespace Observatory.Grains.Tests;

/// <summary>The provider's gauges show what a receiver holds unacknowledged and for how long.</summary>
public sealed class StreamMetricsTests : IClassFixture<TaskClusterFixture>
{
    private readonly TaskClusterFixture _fixture;

    public StreamMetricsTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task TaskInItsGracePeriod_KeepsItsMessageUnacked_AndTheGaugesShowItsAge_UntilItsRunningStateIsDurable()
    {
        // The fixture's grace period is 1 s: until then the attempt's state is only in memory, so
        // the delivery must stay unacked; once "running" is persisted the message is acked even
        // though the task runs on (here for a minute of fake time).
        var submitted = TaskEvents.Submitted("sleep", """{"durationMs":60000}""");

        await _fixture.Cluster.Client.PublishAsync(submitted);
        var held = await Eventually.ReturnsAsync(
            () => Task.FromResult((Unacked: Sum(RabbitMqStreamMetrics.Unacked), Age: Max(RabbitMqStreamMetrics.OldestUnackedAge))),
            g => g.Unacked == 1 && g.Age >= 0.3,
            TimeSpan.FromSeconds(20),
            "one unacked message at least 0.3 s old");
        var released = await Eventually.ReturnsAsync(
            () => Task.FromResult((Unacked: Sum(RabbitMqStreamMetrics.Unacked), Age: Max(RabbitMqStreamMetrics.OldestUnackedAge))),
            g => g.Unacked == 0 && g.Age < 0.3,
            TimeSpan.FromSeconds(20),
            "the message to be acked");
        var whileReleased = await _fixture.Cluster.Client.GetGrain<ITaskGrain>(submitted.TaskId).GetAsync();
        _fixture.Clock.Advance(TimeSpan.FromSeconds(60));
        await Eventually.ReturnsAsync(
            async () => (await _fixture.Cluster.Client.GetGrain<ITaskGrain>(submitted.TaskId).GetAsync())?.Status,
            s => s == TaskState.Succeeded,
            TimeSpan.FromSeconds(20),
            "the task to finish");

        Assert.Equal(1, held.Unacked);
        Assert.Equal(0, released.Unacked);
        Assert.Equal(TaskState.Running, whileReleased!.Status);
        Assert.Equal(0, Sum(RabbitMqStreamMetrics.QueueDepth));
    }

    private double Sum(Prometheus.Gauge gauge) => QueueSeries(gauge).Sum();

    private double Max(Prometheus.Gauge gauge) => QueueSeries(gauge).Max();

    private IEnumerable<double> QueueSeries(Prometheus.Gauge gauge) =>
        Enumerable.Range(0, 2).Select(i => gauge.WithLabels(TaskStreams.ProviderName, $"{_fixture.QueuePrefix}-{i}").Value);
}
