namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// MQTT up: what the T-BOX reads from the vehicle and where its remote lock stands (R3.2–R3.3),
    /// sent on connect, on every change and periodically. A snapshot: a lost one is replaced by the next.
    /// </summary>
    public sealed class VehicleReportMessage : Message
    {
        /// <summary>State of charge, speed and ignition this value means "the vehicle bus did not say".</summary>
        public const byte Unknown = 0xFF;

        public const ushort UnknownSpeed = 0xFFFF;

        /// <summary>Flag bit: the immobiliser output is engaged.</summary>
        public const byte ImmobiliserFlag = 0x01;

        /// <summary>Flag bit: the charge-inlet lock output is engaged.</summary>
        public const byte InletLockFlag = 0x02;

        public override MessageType Type
        {
            get { return MessageType.VehicleReport; }
        }

        public uint DeviceTime { get; set; }

        /// <summary>0–100 %, or <see cref="Unknown"/>.</summary>
        public byte StateOfCharge { get; set; }

        public ChargingCable Cable { get; set; }

        /// <summary>km/h, or <see cref="UnknownSpeed"/>.</summary>
        public ushort SpeedKmh { get; set; }

        /// <summary>0 off, 1 on, or <see cref="Unknown"/>.</summary>
        public byte Ignition { get; set; }

        public RemoteLockState RemoteLock { get; set; }

        /// <summary><see cref="ImmobiliserFlag"/> and <see cref="InletLockFlag"/>; no other bit is set.</summary>
        public byte Outputs { get; set; }

        /// <summary>The RemoteLock that set <see cref="RemoteLock"/>; 0 when none has.</summary>
        public uint LockMessageId { get; set; }

        public override string ToString()
        {
            return "VehicleReport#" + MessageId.ToString() + " time=" + DeviceTime.ToString()
                + " soc=" + (StateOfCharge == Unknown ? "?" : StateOfCharge.ToString() + "%") + " cable=" + Names.Of(Cable)
                + " speed=" + (SpeedKmh == UnknownSpeed ? "?" : SpeedKmh.ToString()) + " ignition=" + (Ignition == Unknown ? "?" : Ignition == 1 ? "on" : "off")
                + " lock=" + Names.Of(RemoteLock) + " outputs=" + Outputs.ToString() + " by#" + LockMessageId.ToString();
        }
    }
}
