namespace ShareKey.Firmware.Device.Network
{
    /// <summary>
    /// The IP path the MQTT client's socket goes over. Wi-Fi today (<see cref="WifiLink"/>); a
    /// cellular data link would be a second implementation — see README.md, "Cellular", for why
    /// this firmware has none yet. Called only from the MQTT connection thread, so it may block.
    /// </summary>
    public interface INetworkLink
    {
        /// <summary>What the log calls this link.</summary>
        string Name { get; }

        /// <summary>True once the link has an IP address (and, if asked for, a valid date).</summary>
        bool IsUp { get; }

        /// <summary>Why the last <see cref="Connect"/> failed, for the log.</summary>
        string LastFailure { get; }

        /// <summary>Brings the link up, waiting at most <paramref name="timeoutMilliseconds"/>; true when up.</summary>
        bool Connect(int timeoutMilliseconds);
    }
}
