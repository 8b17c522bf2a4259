using System.Net;
using System.Net.Sockets;

namespace Observatory.Testing;

/// <summary>Finds TCP ports on loopback that nothing listens on, for silos and web hosts started by tests.</summary>
/// <remarks>
/// Ports come from below Linux's ephemeral range (32768–60999). A port the kernel hands out for
/// "any free port" is ephemeral, and between the test releasing it and the process binding it an
/// outgoing connection (to PostgreSQL, RabbitMQ, another silo) may take it as its local port: a
/// silo then failed to start with "address already in use". Ports are also handed out round-robin
/// from a per-process start, so concurrent tests and test processes rarely try the same one.
/// </remarks>
public static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static int _next = First + (Environment.ProcessId * 97 % (Last - First));

    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + ((Interlocked.Increment(ref _next) - First) % (Last - First));
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port between {First} and {Last} on loopback.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
