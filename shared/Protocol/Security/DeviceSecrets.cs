namespace ShareKey.Protocol.Security
{
    /// <summary>
    /// The sub-keys a device and the cloud derive from the device root key R, each HMAC(R, label‖0)
    /// with its own label. Derived once at boot (board) or per use (cloud); R itself is only ever
    /// an HMAC key.
    /// </summary>
    public sealed class DeviceSecrets
    {
        public const int RootKeyLength = 32;

        public DeviceSecrets(Macs macs, byte[] rootKey)
        {
            if (rootKey == null || rootKey.Length != RootKeyLength)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "K1: a device root key is 32 bytes");
            }

            WrapEncryptionKey = macs.SubKey(rootKey, Labels.WrapEncryptionKey);
            WrapMacKey = macs.SubKey(rootKey, Labels.WrapMacKey);
            LinkDownKey = macs.SubKey(rootKey, Labels.LinkDownKey);
            LinkUpKey = macs.SubKey(rootKey, Labels.LinkUpKey);
            BulletinKey = macs.SubKey(rootKey, Labels.BulletinKey);
            TimeKey = macs.SubKey(rootKey, Labels.TimeKey);
            MqttPasswordKey = macs.SubKey(rootKey, Labels.MqttPasswordKey);
        }

        public byte[] WrapEncryptionKey { get; }

        public byte[] WrapMacKey { get; }

        /// <summary>MACs every MQTT frame the cloud sends the device.</summary>
        public byte[] LinkDownKey { get; }

        /// <summary>MACs every MQTT frame the device sends the cloud.</summary>
        public byte[] LinkUpKey { get; }

        public byte[] BulletinKey { get; }

        public byte[] TimeKey { get; }

        public byte[] MqttPasswordKey { get; }

        /// <summary>The device's MQTT password: the first 16 bytes of its password sub-key, as 32 hex digits.</summary>
        public string MqttPassword
        {
            get
            {
                byte[] head = new byte[16];
                System.Array.Copy(MqttPasswordKey, 0, head, 0, 16);
                return Buffers.Hex.Of(head);
            }
        }
    }
}
