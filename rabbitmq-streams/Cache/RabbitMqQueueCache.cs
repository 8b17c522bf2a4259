using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// The pulling agent's cache for one queue. Messages are kept per stream in arrival order and cursors
/// advance by position, never by comparing sequence tokens: tokens are stamped by producers and stay
/// the same across redeliveries, so across producers (or after a redelivery) they need not rise in
/// arrival order, and a cache that placed cursors by token would skip messages. Tokens are only used
/// to find where a consumer asked to resume. A message leaves the cache (and is acked) once every
/// cursor of its stream is past it; one whose delivery failed is left to the failure handler.
/// All calls come from the queue's pulling agent, one at a time.
/// </summary>
internal sealed class RabbitMqQueueCache : IQueueCache
{
    private readonly int _maxSize;
    private readonly int _maxAddCount;
    private readonly Dictionary<StreamId, StreamLog> _streams = [];

    // Streams whose cursors moved or that gained messages since the last purge: the only ones a purge can free.
    private readonly HashSet<StreamLog> _touched = [];
    private int _count;

    public RabbitMqQueueCache(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        _maxSize = maxSize;
        _maxAddCount = Math.Max(1, maxSize / 8);
    }

    /// <summary>Messages held, delivered or not.</summary>
    public int Size => _count;

    public int GetMaxAddCount() => Math.Clamp(_maxSize - _count, 0, _maxAddCount);

    public bool IsUnderPressure() => _count >= _maxSize;

    public void AddToCache(IList<IBatchContainer> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            var log = GetOrAddLog(message.StreamId);
            if (!log.TryReplaceWaiting(message))
            {
                log.Append(message);
                _count++;
            }

            _touched.Add(log);
        }
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        List<IBatchContainer>? purged = null;
        foreach (var log in _touched)
        {
            _count -= log.Purge(ref purged);
            if (log.IsEmpty)
            {
                _streams.Remove(log.StreamId);
            }
        }

        _touched.Clear();
        purgedItems = purged ?? [];
        return purged is not null;
    }

    // Never a cache miss: a token older than what is cached resumes at the oldest message.
    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursor(StreamId streamId, StreamSequenceToken? token) =>
        QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(GetCacheCursor(streamId, token));

    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        var log = GetOrAddLog(streamId);
        var cursor = new RabbitMqQueueCacheCursor(this, log, log.PositionOf(token));
        log.Cursors.Add(cursor);
        return cursor;
    }

    internal void Touch(StreamLog log) => _touched.Add(log);

    internal void Release(RabbitMqQueueCacheCursor cursor, StreamLog log)
    {
        log.Cursors.Remove(cursor);
        _touched.Add(log);
    }

    private StreamLog GetOrAddLog(StreamId streamId)
    {
        if (!_streams.TryGetValue(streamId, out var log))
        {
            log = new StreamLog(streamId);
            _streams.Add(streamId, log);
        }

        return log;
    }
}
