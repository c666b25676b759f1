using ShareKey.Firmware.Board;
using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox
{
    /// <summary>A snapshot of the T-BOX: the core's (<see cref="BoardStatus"/>) and the car's binding, vehicle reading and remote lock.</summary>
    public sealed class TBoxStatus : BoardStatus
    {
        public bool BindPending { get; internal set; }

        public BindPhase BindPhase { get; internal set; }

        /// <summary>The cloud's reason for the last rejected binding; 0 when none.</summary>
        public byte BindRejectedReason { get; internal set; }

        /// <summary>True while a remote lock is engaged: the immobiliser and the charge-inlet lock are held.</summary>
        public bool ImmobiliserHeld { get; internal set; }

        public RemoteLockState RemoteLock { get; internal set; }

        /// <summary>The vehicle as last read through the PEPS gateway (a copy).</summary>
        public VehicleReading Vehicle { get; internal set; }
    }
}
