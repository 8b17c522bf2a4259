using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// One consumer's (or the agent's registration pin's) place in a stream's cached messages. The message
/// it returned last stays pinned until it moves on, so nothing is acked while it is being delivered.
/// </summary>
internal sealed class RabbitMqQueueCacheCursor : IQueueCacheCursor
{
    private readonly RabbitMqQueueCache _cache;
    private readonly StreamLog _log;
    private long _next;
    private long? _current;
    private bool _disposed;

    public RabbitMqQueueCacheCursor(RabbitMqQueueCache cache, StreamLog log, long start)
    {
        _cache = cache;
        _log = log;
        _next = start;
    }

    /// <summary>The lowest position this cursor still needs.</summary>
    internal long Pin => _current ?? _next;

    public IBatchContainer? GetCurrent(out Exception? exception)
    {
        exception = null;
        return _current is { } position ? _log.At(position) : null;
    }

    public QueueCacheCursorMoveResult MoveNextWithResult() =>
        MoveNext() ? QueueCacheCursorMoveResult.Success : QueueCacheCursorMoveResult.NoData;

    public bool MoveNext()
    {
        if (_disposed)
        {
            return false;
        }

        _cache.Touch(_log);
        if (_next < _log.End)
        {
            _current = _next++;
            return true;
        }

        _current = null;
        return false;
    }

    // Positions, not tokens, order the stream: a cursor at the end already sees whatever arrives next.
    public void Refresh(StreamSequenceToken token)
    {
    }

    public void RecordDeliveryFailure()
    {
        if (_current is { } position)
        {
            _log.MarkDeliveryFailed(position);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _current = null;
            _cache.Release(this, _log);
        }
    }
}
