using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;

namespace ShareKey.Firmware.Device.Network
{
    /// <summary>
    /// Wi-Fi station with DHCP through nanoFramework's WifiNetworkHelper. The first join saves the
    /// profile with automatic reconnection, after which the ESP32 rejoins by itself after a drop and
    /// later calls only wait for that (Reconnect): ConnectDhcp writes the profile to the
    /// configuration flash on every call, which a link that drops daily would wear out.
    /// With TLS the helper also waits for a valid date (SNTP), without which no broker certificate
    /// validates.
    /// </summary>
    public sealed class WifiLink : INetworkLink
    {
        private readonly string _ssid;
        private readonly string _password;
        private readonly bool _needsDate;
        private bool _joined;

        public WifiLink(string ssid, string password, bool needsDate)
        {
            _ssid = ssid;
            _password = password;
            _needsDate = needsDate;
        }

        public string Name
        {
            get { return "Wi-Fi '" + _ssid + "'"; }
        }

        public bool IsUp
        {
            get
            {
                NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
                for (int i = 0; i < interfaces.Length; i++)
                {
                    string address = interfaces[i].IPv4Address;
                    if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211
                        && address != null && address.Length > 0 && address != "0.0.0.0")
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>nanoFramework's NetworkHelperStatus as a number (enums print as numbers on the board; README.md names them).</summary>
        public string LastFailure
        {
            get { return "NetworkHelperStatus " + ((int)WifiNetworkHelper.Status).ToString(); }
        }

        public bool Connect(int timeoutMilliseconds)
        {
            using (CancellationTokenSource timeout = new CancellationTokenSource(timeoutMilliseconds))
            {
                if (_joined)
                {
                    return WifiNetworkHelper.Reconnect(_needsDate, 0, timeout.Token);
                }

                _joined = WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, _needsDate, 0, timeout.Token);
                return _joined;
            }
        }
    }
}
