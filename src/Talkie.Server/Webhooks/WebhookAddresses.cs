using System.Net;
using System.Net.Sockets;

namespace Talkie.Server.Webhooks;

/// <summary>
/// Keeps webhooks off this machine and private networks (unless <see cref="ServerOptions.WebhookPrivateAddresses"/>
/// allows them): a workspace member could otherwise make the server post to what only it can reach, such as a
/// service listening on localhost or a cloud's metadata address. Endpoints are checked when they are added, and
/// each connection is checked again on the address the name resolves to then (a public name can later resolve to
/// a private address).
/// </summary>
/// <remarks>
/// Hand-written: .NET's <see cref="SocketsHttpHandler.ConnectCallback"/> is the place for such a check, and no
/// package served here does it.
/// </remarks>
public static class WebhookAddresses
{
    /// <summary>
    /// Returns what makes a URL's host private (<c>localhost</c>, or an address literal on this machine or a private
    /// network), or null where the host is a public address or a name (names are checked when connecting).
    /// </summary>
    public static string? PrivateHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.IdnHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return host;
        }

        return IPAddress.TryParse(host, out var address) && IsPrivate(address) ? address.ToString() : null;
    }

    /// <summary>The message for an endpoint refused for its address.</summary>
    public static string Refusal(string what) =>
        $"{what} is on this server or a private network; webhooks go to public addresses (the server's administrator can allow private ones with Talkie:Server:WebhookPrivateAddresses)";

    /// <summary>Gets whether an address is on this machine, a private or shared network, link-local, or not a unicast address.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)      // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 198 && b[1] is 18 or 19);            // benchmarking
        }

        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }

    /// <summary>Connects to a webhook's host, refusing a private address unless allowed (a <see cref="SocketsHttpHandler.ConnectCallback"/>).</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(a => !IsPrivate(a))];
        if (allowed.Length == 0)
        {
            throw new WebhookAddressException(Refusal($"{endpoint.Host} ({string.Join(", ", addresses.Select(a => a.ToString()))})"));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A webhook refused for the address its host resolves to.</summary>
public sealed class WebhookAddressException(string message) : IOException(message);
