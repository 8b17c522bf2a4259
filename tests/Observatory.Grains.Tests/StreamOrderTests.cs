using Orleans.Streams;
using Orleans.Streams.Core;

namespace Observatory.Grains.Tests;

/// <summary>Events of one stream reach its consumer in the order they were published.</summary>
public sealed class StreamOrderTests : IClassFixture<TaskClusterFixture>
{
    private readonly TaskClusterFixture _fixture;

    public StreamOrderTests(TaskClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task EventsOfOneStream_PublishedInSequence_ArriveInTheSameOrder()
    {
        var key = Guid.NewGuid();
        var stream = _fixture.Cluster.Client.GetStreamProvider(Observatory.Tasks.TaskStreams.ProviderName)
            .GetStream<SequenceEvent>(StreamId.Create(SequenceProbeGrain.Namespace, key));

        for (var i = 0; i < 200; i++)
        {
            await stream.OnNextAsync(new SequenceEvent(i));
        }

        var received = await Testing.Eventually.ReturnsAsync(
            () => _fixture.Cluster.Client.GetGrain<ISequenceProbeGrain>(key).GetReceivedAsync(),
            r => r.Count >= 200,
            TimeSpan.FromSeconds(30),
            "all 200 events");
        Assert.Equal(Enumerable.Range(0, 200), received);
    }
}

/// <summary>An event carrying its position in the stream.</summary>
public sealed record SequenceEvent(int Sequence);

[Alias("observatory.tests.sequence-probe")]
public interface ISequenceProbeGrain : IGrainWithGuidKey
{
    [Alias("received")]
    Task<IReadOnlyList<int>> GetReceivedAsync();
}

/// <summary>Records the sequence numbers of its stream's events in arrival order.</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class SequenceProbeGrain : Grain, ISequenceProbeGrain, IStreamSubscriptionObserver, IAsyncObserver<SequenceEvent>
{
    public const string Namespace = "sequence-probe";
    private readonly List<int> _received = [];

    public Task<IReadOnlyList<int>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<int>>([.. _received]);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<SequenceEvent>().ResumeAsync(this);

    public Task OnNextAsync(SequenceEvent item, StreamSequenceToken? token = null)
    {
        _received.Add(item.Sequence);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
