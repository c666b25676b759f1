using System.Net;
using System.Net.Sockets;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Where the service may send webhooks. A registered URL is checked when it is registered (scheme,
/// shape, literal addresses) and every address it resolves to is checked again when connecting, so a
/// name that later resolves to an inside address (DNS rebinding) is refused too. Loopback, private,
/// link-local, shared (CGNAT), multicast and unspecified addresses are refused unless the operator
/// allows private networks; http:// only when the operator allows it.
/// </summary>
public sealed class WebhookAddressRule(WebhookOptions options)
{
    public const int MaxUrlLength = 2048;

    public Uri Check(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Refused($"url must be an absolute https:// URL of at most {MaxUrlLength} characters.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
        {
            throw Refused($"url must use https://{(options.AllowHttp ? " or http://" : string.Empty)}; '{uri.Scheme}' is not allowed.");
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Refused("url must not carry a user name, password or #fragment.");
        }

        if (IPAddress.TryParse(uri.IdnHost, out var literal) && !Allows(literal))
        {
            throw Refused($"{literal} is a loopback, private or link-local address; the service does not send webhooks inside its own network.");
        }

        return uri;
    }

    /// <summary>Whether the service may connect to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address) => options.AllowPrivateNetworks || IsPublic(address);

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

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xfe) == 0xfc);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && (b[1] & 0xf0) == 16)
            || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (b[1] & 0xc0) == 64) || b[0] >= 224);
    }

    private static ServiceError Refused(string detail) => new(ErrorCode.InvalidRequest, detail);
}
