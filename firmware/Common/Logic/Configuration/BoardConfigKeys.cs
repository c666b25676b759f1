namespace ShareKey.Firmware.Configuration
{
    /// <summary>The keys of format 1 (docs/board-config.md), in one place for the parser and its messages.</summary>
    public static class BoardConfigKeys
    {
        public const string Format = "format";
        public const string DeviceId = "device.id";
        public const string DeviceKind = "device.kind";
        public const string DeviceName = "device.name";
        public const string RootKey = "device.root-key";
        public const string MqttHost = "mqtt.host";
        public const string MqttPort = "mqtt.port";
        public const string MqttTls = "mqtt.tls";
        public const string MqttClientId = "mqtt.client-id";
        public const string MqttUsername = "mqtt.username";
        public const string MqttPassword = "mqtt.password";
        public const string TopicUp = "mqtt.topic-up";
        public const string TopicDown = "mqtt.topic-down";
        public const string WifiSsid = "wifi.ssid";
        public const string WifiPassword = "wifi.password";
        public const string RssiThreshold = "unlock.rssi-threshold";
        public const string LockOutFailures = "lockout.failures";
        public const string LockOutWindow = "lockout.window-seconds";
        public const string LockOutSeconds = "lockout.seconds";
        public const string MqttCaCertificate = "mqtt.ca-cert";

        /// <summary>Every known key; the first <see cref="RequiredCount"/> are required.</summary>
        internal static readonly string[] All =
        {
            Format, DeviceId, DeviceKind, DeviceName, RootKey, MqttHost, MqttPort, MqttTls, MqttClientId, MqttUsername,
            MqttPassword, TopicUp, TopicDown, WifiSsid, WifiPassword, RssiThreshold, LockOutFailures, LockOutWindow, LockOutSeconds,
            MqttCaCertificate,
        };

        internal const int RequiredCount = 13;

        /// <summary>The position of <paramref name="key"/> in <see cref="All"/>, or -1 for a key this firmware does not know.</summary>
        internal static int IndexOf(string key)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
