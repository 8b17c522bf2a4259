namespace Observatory.Grains.Tasks;

public sealed partial class TaskGrain
{
    private Guid _lastEventId;

    /// <summary>
    /// A UUIDv7 for the next event, greater (in byte order) than the activation's previous one. One
    /// transition emits several events at the same instant (an attempt's failure and the task's
    /// dead-lettering); readers that order by (occurredAt, eventId), such as the event archive,
    /// then still see them in the order they happened rather than in random-bit order.
    /// </summary>
    private Guid NextEventId(DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        Span<byte> candidate = stackalloc byte[16];
        Span<byte> last = stackalloc byte[16];
        id.TryWriteBytes(candidate, bigEndian: true, out _);
        _lastEventId.TryWriteBytes(last, bigEndian: true, out _);
        if (candidate.SequenceCompareTo(last) <= 0)
        {
            // Same millisecond as the previous event: count up from it in the random low bytes
            // (never into byte 8, whose top bits are the RFC 9562 variant).
            last.CopyTo(candidate);
            for (var i = 15; i > 8 && ++candidate[i] == 0; i--)
            {
            }

            id = new Guid(candidate, bigEndian: true);
        }

        _lastEventId = id;
        return id;
    }
}
