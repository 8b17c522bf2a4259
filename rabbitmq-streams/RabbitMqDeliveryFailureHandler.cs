using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// Told by the pulling agent when it gave up delivering a message (after retrying for
/// <c>MaxEventDeliveryTime</c>): hands the message back to its receiver to requeue or dead-letter,
/// so a failing message never stays unacknowledged and blocks the queue's prefetch window.
/// </summary>
internal sealed class RabbitMqDeliveryFailureHandler : IStreamFailureHandler
{
    private readonly Func<RabbitMqQueueReceiver?> _receiver;

    public RabbitMqDeliveryFailureHandler(Func<RabbitMqQueueReceiver?> receiver)
    {
        _receiver = receiver;
    }

    // Keep the subscription: one bad message must not stop the stream's later ones.
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        sequenceToken is null ? Task.CompletedTask : _receiver()?.OnDeliveryFailedAsync(streamIdentity, sequenceToken) ?? Task.CompletedTask;

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        Task.CompletedTask;
}
