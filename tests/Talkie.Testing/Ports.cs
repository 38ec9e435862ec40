using System.Net;
using System.Net.Sockets;

namespace Talkie.Testing;

/// <summary>Loopback ports for servers started by tests and benchmarks.</summary>
public static class Ports
{
    /// <summary>Returns a loopback port nobody listens on (the system's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
