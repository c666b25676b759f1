using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Board
{
    /// <summary>What every board's snapshot holds (its keys, clock, queue and link); each board's status adds its own parts. Taken under the controller's lock.</summary>
    public abstract class BoardStatus
    {
        public ulong DeviceId { get; internal set; }

        public uint ActiveEpoch { get; internal set; }

        public uint BackupEpoch { get; internal set; }

        public uint BulletinSequence { get; internal set; }

        public uint DeviceTime { get; internal set; }

        /// <summary>Counted uses per key, as a KeyReport would carry them.</summary>
        public KeyUse[] Uses { get; internal set; }

        /// <summary>Events logged and not yet confirmed delivered.</summary>
        public int EventsQueued { get; internal set; }

        public bool Online { get; internal set; }
    }
}
