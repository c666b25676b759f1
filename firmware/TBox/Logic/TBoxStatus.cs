using ShareKey.Firmware.TBox.Binding;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox
{
    /// <summary>A snapshot of what the T-BOX holds, for displays, the simulator and tests; taken under the controller's lock.</summary>
    public sealed class TBoxStatus
    {
        public ulong DeviceId { get; internal set; }

        public uint ActiveEpoch { get; internal set; }

        public uint BackupEpoch { get; internal set; }

        public uint BulletinSequence { get; internal set; }

        public uint DeviceTime { get; internal set; }

        /// <summary>Counted uses per key, as a KeyReport would carry them.</summary>
        public KeyUse[] Uses { get; internal set; }

        public bool BindPending { get; internal set; }

        public BindPhase BindPhase { get; internal set; }

        /// <summary>The cloud's reason for the last rejected binding; 0 when none.</summary>
        public byte BindRejectedReason { get; internal set; }

        public bool ImmobiliserHeld { get; internal set; }

        /// <summary>Events logged and not yet confirmed delivered.</summary>
        public int EventsQueued { get; internal set; }

        public bool Online { get; internal set; }
    }
}
