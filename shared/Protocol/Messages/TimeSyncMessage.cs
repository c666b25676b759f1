using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// A cloud-signed time for one device, over MQTT or carried by a phone. Devices only ever move
    /// their clock forward, so replaying an old one changes nothing.
    /// </summary>
    public sealed class TimeSyncMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.TimeSync; }
        }

        public ulong DeviceId { get; set; }

        /// <summary>Unix seconds.</summary>
        public uint Time { get; set; }

        /// <summary>16 bytes: HMAC(K_time, "sk1/time"‖device‖time), truncated.</summary>
        public byte[] Mac { get; set; }

        public override string ToString()
        {
            return "TimeSync#" + MessageId.ToString() + " device=" + Hex.OfId(DeviceId) + " time=" + Time.ToString();
        }
    }
}
