namespace Observatory.EventArchive.Tests;

/// <summary>Builds archived events for tests, and the order the archive must return them in.</summary>
internal static class ArchivedEvents
{
    /// <summary>A fixed instant in whole milliseconds: MongoDB keeps dates to the millisecond, so both backends return it unchanged.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static ArchivedEvent Create(Guid taskId, DateTimeOffset occurredAt, string eventType = "task.started", int attempt = 1) =>
        new(Guid.CreateVersion7(), taskId, "noop", eventType, occurredAt, attempt, "S127.0.0.1:11111:1", "corr-" + taskId.ToString("N")[..8], "{\"silo\":\"S127.0.0.1:11111:1\"}");

    /// <summary>Newest first; among equal times, the larger id (in byte order, as both backends compare uuids) first.</summary>
    public static List<ArchivedEvent> NewestFirst(IEnumerable<ArchivedEvent> events) =>
        [.. events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.EventId.ToByteArray(bigEndian: true), ByteOrder.Instance)];

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
