using System.Buffers.Binary;

namespace Observatory.Database.ReadModel;

/// <summary>
/// Turns an instant into a bound on UUIDv7 task ids, whose first 48 bits are the Unix time in
/// milliseconds: every id created at or after the instant's millisecond compares greater than or
/// equal to the bound (PostgreSQL compares uuids byte by byte), every earlier one less. A time
/// range thereby becomes an id range the task id index serves.
/// </summary>
internal static class TaskIdTime
{
    private const long MaxUnixMilliseconds = (1L << 48) - 1;

    /// <summary>The smallest UUID with the instant's millisecond: 48-bit Unix ms, then all zero bits.</summary>
    public static Guid LowerBound(DateTimeOffset instant)
    {
        var milliseconds = Math.Clamp(instant.ToUnixTimeMilliseconds(), 0, MaxUnixMilliseconds);
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        // Big-endian 64-bit value shifted so that its low 48 bits land in bytes 0..5.
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        return new Guid(bytes, bigEndian: true);
    }
}
