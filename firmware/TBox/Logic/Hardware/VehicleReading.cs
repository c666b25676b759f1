using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// One reading of the vehicle bus (R3.2): state of charge, the charging cable, speed and
    /// ignition. Each field may be unknown (the car's gateway did not say). Filled in place by
    /// <see cref="IPepsModule.ReadVehicle"/> so a reading a second costs the board no garbage.
    /// </summary>
    public sealed class VehicleReading
    {
        public const int Unknown = -1;

        public VehicleReading()
        {
            Clear();
        }

        /// <summary>0–100 %, or <see cref="Unknown"/>.</summary>
        public int StateOfCharge { get; set; }

        public ChargingCable Cable { get; set; }

        /// <summary>km/h, or <see cref="Unknown"/>.</summary>
        public int SpeedKmh { get; set; }

        /// <summary>1 on, 0 off, or <see cref="Unknown"/>.</summary>
        public int Ignition { get; set; }

        /// <summary>The one state a remote lock may engage in: known to stand still with the ignition known off.</summary>
        public bool IsSafeToImmobilise
        {
            get { return SpeedKmh == 0 && Ignition == 0; }
        }

        public void Clear()
        {
            StateOfCharge = Unknown;
            Cable = ChargingCable.Unknown;
            SpeedKmh = Unknown;
            Ignition = Unknown;
        }

        public void CopyFrom(VehicleReading other)
        {
            StateOfCharge = other.StateOfCharge;
            Cable = other.Cable;
            SpeedKmh = other.SpeedKmh;
            Ignition = other.Ignition;
        }

        public bool SameAs(VehicleReading other)
        {
            return StateOfCharge == other.StateOfCharge && Cable == other.Cable && SpeedKmh == other.SpeedKmh && Ignition == other.Ignition;
        }

        /// <summary>Why a lock cannot engage now: moving first, then ignition, then a bus that said too little.</summary>
        public RemoteLockWait WaitReason()
        {
            if (SpeedKmh > 0)
            {
                return RemoteLockWait.Moving;
            }

            if (Ignition == 1)
            {
                return RemoteLockWait.IgnitionOn;
            }

            return RemoteLockWait.NoReading;
        }
    }
}
