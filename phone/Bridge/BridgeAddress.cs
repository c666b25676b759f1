using System.Net;
using System.Net.Sockets;

namespace ShareKey.Phone.Bridge;

/// <summary>Where the BLE bridge listens, given as HOST:PORT (an IP address, or a name such as localhost).</summary>
public static class BridgeAddress
{
    /// <summary>The endpoint, or null when <paramref name="text"/> is not HOST:PORT or the host does not resolve.</summary>
    public static async Task<IPEndPoint?> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port != 0)
        {
            return endPoint;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(text[..colon], cancellationToken);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return address is null ? null : new IPEndPoint(address, port);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
