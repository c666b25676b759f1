using ShareKey.Firmware.Board;
using ShareKey.Firmware.TBox.Binding;

namespace ShareKey.Firmware.TBox
{
    /// <summary>A snapshot of the T-BOX: the core's (<see cref="BoardStatus"/>) and the car's binding and immobiliser.</summary>
    public sealed class TBoxStatus : BoardStatus
    {
        public bool BindPending { get; internal set; }

        public BindPhase BindPhase { get; internal set; }

        /// <summary>The cloud's reason for the last rejected binding; 0 when none.</summary>
        public byte BindRejectedReason { get; internal set; }

        public bool ImmobiliserHeld { get; internal set; }
    }
}
