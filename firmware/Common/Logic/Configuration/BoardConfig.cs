using ShareKey.Firmware.State;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Configuration
{
    /// <summary>
    /// The board configuration file, format 1 (docs/board-config.md), as read at boot from
    /// <c>I:\sharekey.conf</c> (the simulator: from its flash folder or a path). Every value is
    /// checked when parsed; <see cref="Parse"/> either returns a complete configuration or throws
    /// <see cref="BoardConfigException"/> naming the key. Holds the device root key: keep the
    /// instance only as long as the board needs it.
    /// </summary>
    public sealed class BoardConfig
    {
        /// <summary>The largest file accepted, in bytes.</summary>
        public const int MaxBytes = 2048;

        internal BoardConfig()
        {
            RssiThreshold = -70;
            LockOutFailures = 5;
            LockOutWindowSeconds = 60;
            LockOutSeconds = 300;
            WifiSsid = string.Empty;
            WifiPassword = string.Empty;
        }

        public int Format { get; internal set; }

        public ulong DeviceId { get; internal set; }

        public DeviceKind Kind { get; internal set; }

        /// <summary>1–24 printable characters; the BLE advertised name is <see cref="AdvertisedName"/>.</summary>
        public string Name { get; internal set; }

        /// <summary>The 32-byte device root key R.</summary>
        public byte[] RootKey { get; internal set; }

        public string MqttHost { get; internal set; }

        public int MqttPort { get; internal set; }

        public bool MqttTls { get; internal set; }

        /// <summary>The longest <see cref="MqttCaCertificate"/> accepted (base64 characters).</summary>
        public const int MaxCaCertificateLength = 4096;

        /// <summary>Base64 of the DER certificate of the CA the broker's certificate must chain to; null: the TLS
        /// stack's own roots decide.</summary>
        public string MqttCaCertificate { get; internal set; }

        public string MqttClientId { get; internal set; }

        public string MqttUsername { get; internal set; }

        public string MqttPassword { get; internal set; }

        public string TopicUp { get; internal set; }

        public string TopicDown { get; internal set; }

        /// <summary>Empty: no Wi-Fi (cellular only).</summary>
        public string WifiSsid { get; internal set; }

        public string WifiPassword { get; internal set; }

        /// <summary>dBm, -127 to 0; a phone whose filtered signal is weaker is refused too-far.</summary>
        public int RssiThreshold { get; internal set; }

        public int LockOutFailures { get; internal set; }

        public uint LockOutWindowSeconds { get; internal set; }

        public uint LockOutSeconds { get; internal set; }

        public string AdvertisedName
        {
            get { return "SK-" + Name; }
        }

        public LockOutPolicy LockOut
        {
            get { return new LockOutPolicy(LockOutFailures, LockOutWindowSeconds, LockOutSeconds); }
        }

        /// <summary>Parses the first <paramref name="count"/> bytes of <paramref name="content"/> (the whole file).</summary>
        public static BoardConfig Parse(byte[] content, int count)
        {
            return new BoardConfigParser().Parse(content, count);
        }

        /// <summary>
        /// Throws unless <see cref="MqttPassword"/> is the one derived from <see cref="RootKey"/>: a
        /// file whose parts come from two provisionings would otherwise fail later, at the broker.
        /// </summary>
        public void CheckPassword(DeviceSecrets secrets)
        {
            if (secrets.MqttPassword != MqttPassword)
            {
                throw new BoardConfigException(BoardConfigKeys.MqttPassword, "does not belong to device.root-key (provision the board again)");
            }
        }

        public override string ToString()
        {
            return Hex.OfId(DeviceId) + " " + AdvertisedName + " mqtt=" + MqttHost + ":" + MqttPort.ToString() + (MqttTls ? " tls" : string.Empty);
        }
    }
}
