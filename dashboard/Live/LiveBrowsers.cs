using System.Threading.Channels;

namespace Observatory.Dashboard.Live;

/// <summary>
/// The open browser streams. Each has a small bounded buffer that drops its oldest messages, so a slow
/// browser only misses updates; it never holds up the others or whatever broadcasts.
/// </summary>
public sealed class LiveBrowsers
{
    private const int BufferCapacity = 256;

    private readonly Lock _gate = new();
    private Channel<LiveMessage>[] _browsers = [];

    /// <summary>Whether any browser is connected: the periodic reads happen only then.</summary>
    public bool AnyConnected => Volatile.Read(ref _browsers).Length > 0;

    /// <summary>
    /// A browser's stream: <paramref name="first"/> (read after the browser joined, so nothing broadcast
    /// meanwhile is lost), then every broadcast until it disconnects, except the very messages
    /// <paramref name="first"/> already gave.
    /// </summary>
    public async IAsyncEnumerable<LiveMessage> StreamAsync(
        Func<CancellationToken, IAsyncEnumerable<LiveMessage>> first, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _browsers = [.. _browsers, channel];
        }

        try
        {
            var sent = new List<LiveMessage>(2);
            await foreach (var message in first(cancellationToken))
            {
                sent.Add(message);
                yield return message;
            }

            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken))
            {
                // A first message may also have been broadcast while this browser was joining: send it once.
                if (!sent.Exists(m => ReferenceEquals(m, message)))
                {
                    yield return message;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _browsers = [.. _browsers.Where(b => b != channel)];
            }
        }
    }

    /// <summary>Queues <paramref name="message"/> for every connected browser; never waits.</summary>
    public void Broadcast(LiveMessage message)
    {
        foreach (var browser in Volatile.Read(ref _browsers))
        {
            browser.Writer.TryWrite(message);
        }
    }
}
