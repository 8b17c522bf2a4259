using System.Buffers.Binary;
using System.Buffers.Text;

namespace Observatory.EventArchive;

/// <summary>
/// Where a page ended: the time and id of its last (oldest) event. The next page starts strictly
/// after it in (occurredAt, eventId) descending order, so events sharing a timestamp are neither
/// repeated nor skipped. Clients see it only as an opaque base64url string.
/// </summary>
public readonly record struct ArchiveCursor(DateTimeOffset OccurredAt, Guid EventId)
{
    private const int ByteLength = 8 + 16;
    private const int TextLength = 32;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, OccurredAt.UtcTicks);
        EventId.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? text, out ArchiveCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[ByteLength];
        // TryDecodeFromChars throws on characters outside the alphabet, so check them first.
        if (text is not { Length: TextLength }
            || !Base64Url.IsValid(text, out var length)
            || length != ByteLength
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written)
            || written != ByteLength)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new ArchiveCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..], bigEndian: true));
        return true;
    }

    /// <summary>The cursor that continues after <paramref name="last"/>.</summary>
    public static ArchiveCursor After(ArchivedEvent last)
    {
        ArgumentNullException.ThrowIfNull(last);
        return new ArchiveCursor(last.OccurredAt, last.EventId);
    }
}
