using Observatory.Streaming.RabbitMq;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Observatory.Grains.Tests;

/// <summary>
/// The provider's queue cache: cursors follow arrival order per stream, resume at a token, and a
/// message is released for its ack only when every cursor of its stream is past it.
/// </summary>
public sealed class StreamCacheTests
{
    private static readonly StreamId Stream = StreamId.Create("cache", Guid.NewGuid());
    private static readonly StreamId Other = StreamId.Create("cache", Guid.NewGuid());

    [Fact]
    public void Cursor_ReadsAStreamInArrivalOrder_EvenWhenTokensDoNotRise()
    {
        var cache = new RabbitMqQueueCache(100);
        cache.AddToCache([Message(Stream, 50), Message(Other, 10)]);
        var cursor = cache.GetCacheCursor(Stream, Token(50));
        Assert.Equal([50], Drain(cursor));

        // A second producer's clock runs behind: its later message carries a lower number.
        cache.AddToCache([Message(Stream, 20), Message(Stream, 60)]);
        cursor.Refresh(Token(20));

        Assert.Equal([20, 60], Drain(cursor));
    }

    [Fact]
    public void Cursor_ResumingAtAToken_StartsAtTheMessageCarryingIt_OrTheNextLaterOne()
    {
        var cache = new RabbitMqQueueCache(100);
        cache.AddToCache([Message(Stream, 10), Message(Other, 15), Message(Stream, 20), Message(Stream, 30)]);

        Assert.Equal([20, 30], Drain(cache.GetCacheCursor(Stream, Token(20))));
        Assert.Equal([20, 30], Drain(cache.GetCacheCursor(Stream, Token(15))));
        Assert.Equal([10, 20, 30], Drain(cache.GetCacheCursor(Stream, Token(5))));
        Assert.Empty(Drain(cache.GetCacheCursor(Stream, Token(99))));
        Assert.Equal([10, 20, 30], Drain(cache.GetCacheCursor(Stream, null)));
    }

    [Fact]
    public void CursorPastEverything_DeliversWhatArrivesLater()
    {
        var cache = new RabbitMqQueueCache(100);
        var cursor = cache.GetCacheCursor(Stream, Token(99));
        Assert.False(Next(cursor));

        cache.AddToCache([Message(Stream, 5)]);

        Assert.Equal([5], Drain(cursor));
    }

    [Fact]
    public void Purge_ReleasesOnlyWhatEveryCursorOfTheStreamHasPassed_KeepingTheOneBeingDelivered()
    {
        var cache = new RabbitMqQueueCache(100);
        cache.AddToCache([Message(Stream, 1), Message(Stream, 2), Message(Stream, 3)]);
        var fast = cache.GetCacheCursor(Stream, Token(1));
        var slow = cache.GetCacheCursor(Stream, Token(1));
        Drain(fast);
        Assert.True(Next(slow));
        Assert.True(Next(slow));

        // The slow cursor still delivers message 2: only message 1 may be acked.
        Assert.Equal([1], Purge(cache));
        Assert.Equal(2, cache.Size);

        Assert.True(Next(slow));
        Assert.Equal([2], Purge(cache));
        Assert.False(Next(slow));
        Assert.Equal([3], Purge(cache));
        Assert.Equal(0, cache.Size);
    }

    [Fact]
    public void Purge_OfAStreamWithoutCursors_ReleasesItsMessages_AndLeavesOtherStreamsAlone()
    {
        var cache = new RabbitMqQueueCache(100);
        cache.AddToCache([Message(Stream, 1), Message(Other, 2)]);
        using var pin = cache.GetCacheCursor(Other, Token(2));

        Assert.Equal([1], Purge(cache));
        Assert.Equal(1, cache.Size);
    }

    [Fact]
    public void Purge_LeavesAMessageWhoseDeliveryFailed_ToTheFailureHandler()
    {
        var cache = new RabbitMqQueueCache(100);
        cache.AddToCache([Message(Stream, 1), Message(Stream, 2)]);
        var cursor = cache.GetCacheCursor(Stream, Token(1));
        Assert.True(Next(cursor));
        cursor.RecordDeliveryFailure();
        Drain(cursor);

        Assert.Equal([2], Purge(cache));
        Assert.Equal(0, cache.Size);
    }

    [Fact]
    public void RedeliveredCopy_OfAMessageNoCursorHasReached_ReplacesIt_SoItIsDeliveredOnce()
    {
        var cache = new RabbitMqQueueCache(100);
        var first = Message(Stream, 1);
        var stale = Message(Stream, 2);
        cache.AddToCache([first, stale]);
        var cursor = cache.GetCacheCursor(Stream, Token(1));
        Assert.True(Next(cursor));

        // The receiver's channel broke; the broker redelivers message 2 on the new one.
        var redelivered = Message(Stream, 2, redelivered: true);
        cache.AddToCache([redelivered]);

        Assert.True(Next(cursor));
        Assert.Same(redelivered, cursor.GetCurrent(out _));
        Assert.False(Next(cursor));
        Assert.Equal(2, cache.Size);
    }

    [Fact]
    public void FullCache_IsUnderPressure_AndTheAgentMayAddNoMore()
    {
        var cache = new RabbitMqQueueCache(16);
        Assert.Equal(2, cache.GetMaxAddCount());
        cache.AddToCache([.. Enumerable.Range(1, 16).Select(i => Message(Stream, i))]);

        Assert.True(cache.IsUnderPressure());
        Assert.Equal(0, cache.GetMaxAddCount());

        Assert.Equal(16, Purge(cache).Count);
        Assert.False(cache.IsUnderPressure());
    }

    private static RabbitMqBatchContainer Message(StreamId stream, long sequence, bool redelivered = false) =>
        new(stream, "{}"u8.ToArray(), new EventSequenceTokenV2(sequence), null) { Redelivered = redelivered };

    private static EventSequenceTokenV2 Token(long sequence) => new(sequence);

    private static bool Next(IQueueCacheCursor cursor) => cursor.MoveNextWithResult() == QueueCacheCursorMoveResult.Success;

    private static List<long> Drain(IQueueCacheCursor cursor)
    {
        var read = new List<long>();
        while (Next(cursor))
        {
            read.Add(cursor.GetCurrent(out _)!.SequenceToken.SequenceNumber);
        }

        return read;
    }

    private static List<long> Purge(RabbitMqQueueCache cache) =>
        cache.TryPurgeFromCache(out var purged) ? [.. purged.Select(m => m.SequenceToken.SequenceNumber)] : [];
}
