namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// MQTT up: the device's own view of its keys (R1.4), sent on connect and on change, so the
    /// cloud can compare it with its records and show drift.
    /// </summary>
    public sealed class KeyReportMessage : Message
    {
        public const int MaxKeyUses = 64;
        public const int MaxEvents = 16;

        public override MessageType Type
        {
            get { return MessageType.KeyReport; }
        }

        public uint ActiveEpoch { get; set; }

        /// <summary>0 when the device holds no backup.</summary>
        public uint BackupEpoch { get; set; }

        public uint BulletinSequence { get; set; }

        public uint DeviceTime { get; set; }

        public KeyUse[] Uses { get; set; }

        /// <summary>The most recent events, newest last.</summary>
        public EventRecord[] RecentEvents { get; set; }

        public override string ToString()
        {
            string uses = string.Empty;
            for (int i = 0; i < Uses.Length; i++)
            {
                uses += (i == 0 ? string.Empty : ",") + Uses[i].ToString();
            }

            return "KeyReport#" + MessageId.ToString() + " epochs=" + ActiveEpoch.ToString() + "/" + BackupEpoch.ToString()
                + " bulletin=" + BulletinSequence.ToString() + " time=" + DeviceTime.ToString() + " uses=[" + uses + "]"
                + " events=" + RecentEvents.Length.ToString();
        }
    }
}
