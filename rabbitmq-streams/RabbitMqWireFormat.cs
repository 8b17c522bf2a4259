using System.Diagnostics.CodeAnalysis;
using System.Text;
using RabbitMQ.Client;

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

    public const string JsonContentType = "application/json";

    /// <summary>
    /// The routing key on the provider's consistent-hash exchange: the stream key, so every event of a
    /// stream lands in the same queue and keeps its order.
    /// </summary>
    public static string RoutingKeyFor(StreamId streamId) => streamId.GetKeyAsString();

    internal static Dictionary<string, object?> HeadersFor(StreamId streamId) => new()
    {
        [StreamNamespaceHeader] = streamId.GetNamespace() ?? string.Empty,
        [StreamKeyHeader] = streamId.GetKeyAsString(),
    };

    /// <summary>Reads the stream id from a delivery's headers; false when they are missing or empty.</summary>
    internal static bool TryReadStreamId(IReadOnlyBasicProperties properties, [NotNullWhen(true)] out StreamId? streamId, [NotNullWhen(false)] out string? reason)
    {
        streamId = null;
        var headers = properties.Headers;
        var ns = ReadString(headers, StreamNamespaceHeader);
        var key = ReadString(headers, StreamKeyHeader);
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

    private static string? ReadString(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                // RabbitMQ.Client hands AMQP long strings back as raw bytes.
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;
}
