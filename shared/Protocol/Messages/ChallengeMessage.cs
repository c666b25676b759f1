using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>BLE, device to phone: a fresh single-use nonce and what the phone needs to know of the device's state.</summary>
    public sealed class ChallengeMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.Challenge; }
        }

        public ulong DeviceId { get; set; }

        /// <summary>16 random bytes; the device accepts exactly one Command bearing them.</summary>
        public byte[] Nonce { get; set; }

        /// <summary>Device clock, Unix seconds; tells the phone whether to carry a signed time.</summary>
        public uint DeviceTime { get; set; }

        public uint ActiveEpoch { get; set; }

        /// <summary>0 when the device holds no backup epoch.</summary>
        public uint BackupEpoch { get; set; }

        /// <summary>Sequence of the newest bulletin applied; tells the phone whether to carry a newer one.</summary>
        public uint BulletinSequence { get; set; }

        public override string ToString()
        {
            return "Challenge#" + MessageId.ToString() + " device=" + Hex.OfId(DeviceId) + " nonce=" + Hex.Of(Nonce)
                + " time=" + DeviceTime.ToString() + " epochs=" + ActiveEpoch.ToString() + "/" + BackupEpoch.ToString()
                + " bulletin=" + BulletinSequence.ToString();
        }
    }
}
