using System.Net.Sockets;
using System.Text;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// Sends bytes over a plain TCP connection as an HTTP/1.1 request and reads the status code: for
/// requests no well-behaved client library would send (header injection, bad framing).
/// </summary>
public static class RawHttp
{
    /// <summary>The response's status code, or null when the server closed the connection without one.</summary>
    public static async Task<int?> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        var buffer = new byte[256];
        var read = 0;
        try
        {
            await stream.WriteAsync(request, cancellationToken);
            client.Client.Shutdown(SocketShutdown.Send);
            int n;
            while (read < 12 && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += n;
            }
        }
        catch (IOException)
        {
            // The server dropped the connection (a refusal, e.g. of a header too large to read).
            return null;
        }

        // "HTTP/1.1 400 ..."
        var head = Encoding.ASCII.GetString(buffer, 0, read);
        return head.Length >= 12 && head.StartsWith("HTTP/1.", StringComparison.Ordinal) && int.TryParse(head.AsSpan(9, 3), out var status) ? status : null;
    }

    public static byte[] Request(string method, string target, string host, IEnumerable<string> headers, byte[]? body = null)
    {
        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            text.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        text.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(text.ToString()), .. body ?? []];
    }
}
