using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// The cached messages of one stream in arrival order, addressed by an ever-growing position, and the
/// cursors reading them. Position <c>p</c> is at index <c>p - First</c> while cached.
/// </summary>
internal sealed class StreamLog
{
    private readonly List<Entry> _entries = [];

    public StreamLog(StreamId streamId)
    {
        StreamId = streamId;
    }

    public StreamId StreamId { get; }

    public List<RabbitMqQueueCacheCursor> Cursors { get; } = [];

    /// <summary>Position of the oldest cached message.</summary>
    public long First { get; private set; }

    /// <summary>Position the next message will take.</summary>
    public long End => First + _entries.Count;

    public bool IsEmpty => _entries.Count == 0 && Cursors.Count == 0;

    public IBatchContainer At(long position) => _entries[(int)(position - First)].Batch;

    public void Append(IBatchContainer batch) => _entries.Add(new Entry(batch));

    public void MarkDeliveryFailed(long position)
    {
        var index = (int)(position - First);
        _entries[index] = _entries[index] with { DeliveryFailed = true };
    }

    /// <summary>
    /// A redelivered copy of a message still waiting here (its first delivery's channel closed before
    /// any cursor reached it) replaces that copy, so the consumer gets it once and the ack uses the
    /// live delivery.
    /// </summary>
    public bool TryReplaceWaiting(IBatchContainer batch)
    {
        if (batch is not RabbitMqBatchContainer { Redelivered: true })
        {
            return false;
        }

        var from = Math.Max(First, LowestPin());
        for (var position = from; position < End; position++)
        {
            var index = (int)(position - First);
            if (_entries[index].Batch.SequenceToken.Equals(batch.SequenceToken))
            {
                _entries[index] = _entries[index] with { Batch = batch };
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a cursor resuming at <paramref name="token"/> starts: at the message carrying that token,
    /// else at the first message whose token is later, else after everything cached. No token: at the
    /// oldest cached message (a duplicate is better than a loss).
    /// </summary>
    public long PositionOf(StreamSequenceToken? token)
    {
        if (token is null)
        {
            return First;
        }

        var later = End;
        for (var index = 0; index < _entries.Count; index++)
        {
            var candidate = _entries[index].Batch.SequenceToken;
            if (candidate.SequenceNumber == token.SequenceNumber)
            {
                return First + index;
            }

            if (later == End && candidate.SequenceNumber > token.SequenceNumber)
            {
                later = First + index;
            }
        }

        return later;
    }

    /// <summary>Drops the messages every cursor is past; returns how many, adding those to ack to <paramref name="purged"/>.</summary>
    public int Purge(ref List<IBatchContainer>? purged)
    {
        var count = (int)(Math.Min(LowestPin(), End) - First);
        if (count <= 0)
        {
            return 0;
        }

        for (var index = 0; index < count; index++)
        {
            if (!_entries[index].DeliveryFailed)
            {
                (purged ??= []).Add(_entries[index].Batch);
            }
        }

        _entries.RemoveRange(0, count);
        First += count;
        return count;
    }

    private long LowestPin()
    {
        var lowest = long.MaxValue;
        foreach (var cursor in Cursors)
        {
            lowest = Math.Min(lowest, cursor.Pin);
        }

        return lowest;
    }

    private readonly record struct Entry(IBatchContainer Batch, bool DeliveryFailed = false);
}
