using System.Net;
using System.Net.Sockets;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// Where a "call a webhook" action may post: an http(s) URL whose host resolves only to public addresses. Checked when
/// the rule is saved, and again at each connection (<see cref="ConnectAsync"/>), so a name that later resolves to the
/// CRM's own network (DNS rebinding) is refused too: a rule must never reach the server's loopback, the private
/// network or a cloud metadata address.
/// </summary>
public static class WebhookAddress
{
    public const int MaxLength = 500;

    /// <summary>Null when the URL may be called, else the English resource key of why not.</summary>
    public static async Task<string?> ProblemAsync(string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Enter a web address that starts with https or http.";
        }

        try
        {
            var addresses = await ResolveAsync(uri.IdnHost, ct);
            return addresses.Length == 0 ? "This address could not be found."
                : addresses.Any(a => !IsPublic(a)) ? "This address leads to a private, local or reserved network: a rule may only call public addresses."
                : null;
        }
        catch (SocketException)
        {
            return "This address could not be found.";
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, shared, multicast or reserved).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }

        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8));
    }

    /// <summary>
    /// The webhook client's connection: resolves the host and connects only to a public address, whatever the name
    /// resolved to when the rule was saved.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        var target = addresses.FirstOrDefault(IsPublic);
        if (target is null || addresses.Any(a => !IsPublic(a)))
        {
            throw new WorkflowException("This address leads to a private, local or reserved network: a rule may only call public addresses.", permanent: true);
        }

        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
