using System.Net;
using System.Net.Sockets;

namespace Observatory.Testing;

/// <summary>Finds TCP ports on loopback that nothing listens on, for silos and web hosts started by tests.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
