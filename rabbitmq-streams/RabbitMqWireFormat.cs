using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// The message format on the broker, open to producers in any language: the body is the event as
/// UTF-8 JSON (one object, or an array of events for one stream), and two string headers name the
/// Orleans stream. <c>message_id</c> carries the application event id for de-duplication.
/// </summary>
public static class RabbitMqWireFormat
{
    /// <summary>Header with the stream namespace, e.g. <c>task</c>.</summary>
    public const string StreamNamespaceHeader = "x-stream-namespace";

    /// <summary>Header with the stream key; a GUID key is written in its 32-digit form.</summary>
    public const string StreamKeyHeader = "x-stream-key";

    /// <summary>
    /// Header with the message's sequence number (a 64-bit integer), which becomes its Orleans sequence
    /// token, the same on every delivery. It must rise with publish order within a stream; Unix time in
    /// microseconds does. Optional: without it the receiver numbers the message on receipt, and that
    /// number changes when the message is redelivered.
    /// </summary>
    public const string SequenceHeader = "x-sequence";

    public const string JsonContentType = "application/json";

    /// <summary>On a dead-letter record: why the provider gave up on the message.</summary>
    public const string DeadLetterReasonHeader = "x-dead-letter-reason";

    /// <summary>On a dead-letter record: how many deliveries were tried.</summary>
    public const string DeliveryAttemptsHeader = "x-delivery-attempts";

    /// <summary>On a dead-letter record: the queue the message was taken from.</summary>
    public const string OriginalQueueHeader = "x-original-queue";

    /// <summary>On a dead-letter record: when it was dead-lettered (ISO 8601, UTC).</summary>
    public const string DeadLetteredAtHeader = "x-dead-lettered-at";

    // Set by quorum queues on redelivered messages.
    private const string BrokerDeliveryCountHeader = "x-delivery-count";

    /// <summary>
    /// The routing key on the provider's consistent-hash exchange: the stream key, so every event of a
    /// stream lands in the same queue and keeps its order.
    /// </summary>
    public static string RoutingKeyFor(StreamId streamId) => streamId.GetKeyAsString();

    internal static Dictionary<string, object?> HeadersFor(StreamId streamId, long sequence) => new()
    {
        [StreamNamespaceHeader] = streamId.GetNamespace() ?? string.Empty,
        [StreamKeyHeader] = streamId.GetKeyAsString(),
        [SequenceHeader] = sequence,
    };

    /// <summary>The producer's sequence number; false when the header is absent or not an integer.</summary>
    internal static bool TryReadSequence(IReadOnlyBasicProperties properties, out long sequence)
    {
        sequence = 0;
        if (properties.Headers is null || !properties.Headers.TryGetValue(SequenceHeader, out var value))
        {
            return false;
        }

        switch (value)
        {
            case long number:
                sequence = number;
                return true;
            case int or short or byte or sbyte or uint or ushort:
                sequence = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case byte[] text:
                return long.TryParse(Encoding.UTF8.GetString(text), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence);
            default:
                return false;
        }
    }

    /// <summary>Reads the stream id from a delivery's headers; false when they are missing or empty.</summary>
    internal static bool TryReadStreamId(IReadOnlyBasicProperties properties, [NotNullWhen(true)] out StreamId? streamId, [NotNullWhen(false)] out string? reason)
    {
        streamId = null;
        var ns = HeaderText(properties, StreamNamespaceHeader);
        var key = HeaderText(properties, StreamKeyHeader);
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(key))
        {
            reason = $"missing stream header {(string.IsNullOrEmpty(ns) ? StreamNamespaceHeader : StreamKeyHeader)}";
            return false;
        }

        // Canonicalise GUID keys so "D"- and "N"-formatted producers reach the same stream.
        streamId = Guid.TryParse(key, out var guid) ? StreamId.Create(ns, guid) : StreamId.Create(ns, key);
        reason = null;
        return true;
    }

    /// <summary>False, with the parser's complaint, when the body is not one well-formed JSON value.</summary>
    internal static bool IsWellFormedJson(byte[] body, [NotNullWhen(false)] out string? reason)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TrySkip() && !reader.Read())
            {
                reason = null;
                return true;
            }

            reason = "body is not a single JSON value";
            return false;
        }
        catch (JsonException exception)
        {
            reason = "body is not valid JSON: " + exception.Message;
            return false;
        }
    }

    /// <summary>How often the broker delivered a message before this delivery.</summary>
    internal static int PreviousDeliveries(BasicDeliverEventArgs delivery)
    {
        var headers = delivery.BasicProperties.Headers;
        if (headers is not null && headers.TryGetValue(BrokerDeliveryCountHeader, out var count) && count is not null)
        {
            return Convert.ToInt32(count, System.Globalization.CultureInfo.InvariantCulture);
        }

        return delivery.Redelivered ? 1 : 0;
    }

    /// <summary>The properties of a dead-letter record: the original's, plus why, how often and from where.</summary>
    internal static BasicProperties DeadLetterProperties(IReadOnlyBasicProperties original, string reason, int attempts, string queue, DateTimeOffset now) =>
        CopyOf(original, headers =>
        {
            headers[DeadLetterReasonHeader] = reason;
            headers[DeliveryAttemptsHeader] = attempts;
            headers[OriginalQueueHeader] = queue;
            headers[DeadLetteredAtHeader] = now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        });

    /// <summary>A persistent copy of a message's properties whose headers <paramref name="editHeaders"/> may change.</summary>
    internal static BasicProperties CopyOf(IReadOnlyBasicProperties original, Action<Dictionary<string, object?>> editHeaders)
    {
        var headers = original.Headers is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(original.Headers);
        editHeaders(headers);
        return new BasicProperties
        {
            Persistent = true,
            ContentType = original.ContentType,
            MessageId = original.MessageId,
            CorrelationId = original.CorrelationId,
            Timestamp = original.Timestamp,
            Headers = headers,
        };
    }

    /// <summary>A header as text: AMQP strings arrive as bytes; numbers and other values are formatted.</summary>
    internal static string? HeaderText(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is not null && properties.Headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;
}
