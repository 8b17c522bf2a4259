using System.Text.Json;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using RabbitMQ.Client;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// One broker message: the events of one stream as JSON. It travels to consumer grains, so the
/// body stays bytes and is deserialized to the consumer's type there. Its sequence token comes from
/// the message (see <see cref="RabbitMqWireFormat.SequenceHeader"/>), so every delivery of it carries
/// the same one. The delivery tag and the channel generation it belongs to are local to the receiving
/// silo and never serialized.
/// </summary>
[GenerateSerializer]
[Alias("observatory.rabbitmq.batch-container.v1")]
public sealed class RabbitMqBatchContainer : IBatchContainer
{
    public RabbitMqBatchContainer(StreamId streamId, byte[] body, EventSequenceTokenV2 sequenceToken, string? messageId)
    {
        StreamId = streamId;
        Body = body;
        Token = sequenceToken;
        MessageId = messageId;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public byte[] Body { get; }

    [Id(2)]
    public EventSequenceTokenV2 Token { get; }

    /// <summary>The AMQP <c>message_id</c>: the producer's event id.</summary>
    [Id(3)]
    public string? MessageId { get; }

    public StreamSequenceToken SequenceToken => Token;

    [NonSerialized]
    internal ulong DeliveryTag;

    [NonSerialized]
    internal long ChannelGeneration;

    /// <summary>The broker properties, kept so a dead-letter copy carries the original headers.</summary>
    [NonSerialized]
    internal IReadOnlyBasicProperties? Properties;

    /// <summary>When this silo received it; the age of the oldest unacked message is measured from it.</summary>
    [NonSerialized]
    internal DateTimeOffset ReceivedAt;

    /// <summary>How often the broker delivered this message before (from its delivery count).</summary>
    [NonSerialized]
    internal int PreviousDeliveries;

    /// <summary>The broker flagged this delivery as a redelivery.</summary>
    [NonSerialized]
    internal bool Redelivered;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Body.Length > 0 && Body[0] == (byte)'[')
        {
            var events = JsonSerializer.Deserialize<T[]>(Body, JsonSerializerOptions.Web) ?? [];
            return events.Select((e, i) => Tuple.Create(e, (StreamSequenceToken)Token.CreateSequenceTokenForEvent(i)));
        }

        var single = JsonSerializer.Deserialize<T>(Body, JsonSerializerOptions.Web);
        return single is null ? [] : [Tuple.Create(single, (StreamSequenceToken)Token)];
    }

    // Request context is not carried over the broker: producers outside Orleans have none.
    public bool ImportRequestContext() => false;

    public override string ToString() => $"RabbitMqBatchContainer(stream {StreamId}, token {Token}, message {MessageId})";
}
