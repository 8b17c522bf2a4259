using System.Net;
using System.Net.Sockets;

namespace Observatory.Testing;

/// <summary>
/// Listens on a loopback port and relays every connection to a target endpoint. Started later than
/// a host that points at its port, it plays "PostgreSQL comes up after the silo".
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private TcpForwarder(int port, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public static TcpForwarder Start(int port, IPEndPoint target) => new(port, target);

    private async Task AcceptLoopAsync()
    {
        var relays = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                relays.Add(RelayAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(relays);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target, _stop.Token);
                var downstreamStream = client.GetStream();
                var upstreamStream = upstream.GetStream();
                await Task.WhenAny(
                    downstreamStream.CopyToAsync(upstreamStream, _stop.Token),
                    upstreamStream.CopyToAsync(downstreamStream, _stop.Token));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // Either side hung up; closing both ends is all that is left to do.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
