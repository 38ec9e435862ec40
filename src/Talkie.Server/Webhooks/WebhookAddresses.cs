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
        var host = url.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return host;
        }

        return IPAddress.TryParse(host, out var address) && IsPrivate(address) ? address.ToString() : null;
    }

    /// <summary>The message for an endpoint refused for its address.</summary>
    public static string Refusal(string what) =>
        $"{what} is on this server or a private network; webhooks go to public addresses (the server's administrator can allow private ones with Talkie:Server:WebhookPrivateAddresses)";

    /// <summary>
    /// Gets whether an address is on this machine (loopback, or one of its own interfaces' addresses, which may be
    /// public), a private or shared network, link-local, reserved for documentation, or not a unicast address.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Embedded(address);
        if (OwnAddresses.Value.Contains(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)      // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)  // IETF protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19)             // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113);    // documentation
        }

        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }

    // This machine's own addresses: a service listening on all interfaces is reached through them too.
    private static readonly Lazy<HashSet<IPAddress>> OwnAddresses = new(() =>
    {
        try
        {
            return [.. System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => Embedded(a.Address))];
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return [];
        }
    });

    // An IPv4 address carried in an IPv6 one (mapped, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged as itself.
    private static IPAddress Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            {
                return new IPAddress(b.AsSpan(12, 4));
            }

            if (b[0] == 0x20 && b[1] == 0x02)
            {
                return new IPAddress(b.AsSpan(2, 4));
            }
        }

        return address;
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
