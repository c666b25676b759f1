using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// Log names of the protocol's enums. Spelled out because nanoFramework keeps no enum names at
    /// run time (its Enum.ToString prints the number); unknown values print as their number.
    /// </summary>
    public static class Names
    {
        public static string Of(CommandCode value)
        {
            switch (value)
            {
                case CommandCode.Unlock: return "unlock";
                case CommandCode.Lock: return "lock";
                case CommandCode.Start: return "start";
                default: return Number(value);
            }
        }

        public static string Of(RefusalReason value)
        {
            switch (value)
            {
                case RefusalReason.Accepted: return "accepted";
                case RefusalReason.BadTag: return "bad-tag";
                case RefusalReason.WrongDevice: return "wrong-device";
                case RefusalReason.UnknownEpoch: return "unknown-epoch";
                case RefusalReason.NotYetValid: return "not-yet-valid";
                case RefusalReason.Expired: return "expired";
                case RefusalReason.UsesExhausted: return "uses-exhausted";
                case RefusalReason.Revoked: return "revoked";
                case RefusalReason.ParentRevoked: return "parent-revoked";
                case RefusalReason.Frozen: return "frozen";
                case RefusalReason.NotPermitted: return "not-permitted";
                case RefusalReason.BadCommandMac: return "bad-command-mac";
                case RefusalReason.StaleNonce: return "stale-nonce";
                case RefusalReason.LockedOut: return "locked-out";
                case RefusalReason.Malformed: return "malformed";
                case RefusalReason.TooFar: return "too-far";
                case RefusalReason.Superseded: return "superseded";
                case RefusalReason.RemoteLocked: return "remote-locked";
                case RefusalReason.SpaceOccupied: return "space-occupied";
                default: return Number((byte)value);
            }
        }

        public static string Of(KeyStanding value)
        {
            switch (value)
            {
                case KeyStanding.Good: return "good";
                case KeyStanding.Revoked: return "revoked";
                case KeyStanding.Frozen: return "frozen";
                case KeyStanding.Transferred: return "transferred";
                case KeyStanding.Changed: return "changed";
                default: return Number((byte)value);
            }
        }

        public static string Of(AckStatus value)
        {
            switch (value)
            {
                case AckStatus.Applied: return "applied";
                case AckStatus.Refused: return "refused";
                case AckStatus.BadWrap: return "bad-wrap";
                case AckStatus.Stale: return "stale";
                case AckStatus.Unsupported: return "unsupported";
                default: return Number((byte)value);
            }
        }

        public static string Of(RemoteLockAction value)
        {
            switch (value)
            {
                case RemoteLockAction.Lock: return "lock";
                case RemoteLockAction.Release: return "release";
                default: return Number((byte)value);
            }
        }

        public static string Of(RemoteLockTarget value)
        {
            switch (value)
            {
                case RemoteLockTarget.Immobiliser: return "immobiliser";
                case RemoteLockTarget.ChargerConnector: return "charger-connector";
                case RemoteLockTarget.Doors: return "doors";
                default: return Number((byte)value);
            }
        }

        public static string Of(RemoteLockRefusal value)
        {
            switch (value)
            {
                case RemoteLockRefusal.TooOld: return "too-old";
                case RemoteLockRefusal.Superseded: return "superseded";
                default: return Number((byte)value);
            }
        }

        public static string Of(RemoteLockWait value)
        {
            switch (value)
            {
                case RemoteLockWait.Moving: return "moving";
                case RemoteLockWait.IgnitionOn: return "ignition-on";
                case RemoteLockWait.NoReading: return "no-reading";
                default: return Number((byte)value);
            }
        }

        public static string Of(RemoteLockState value)
        {
            switch (value)
            {
                case RemoteLockState.Released: return "released";
                case RemoteLockState.Armed: return "armed";
                case RemoteLockState.Engaged: return "engaged";
                default: return Number((byte)value);
            }
        }

        public static string Of(ChargingCable value)
        {
            switch (value)
            {
                case ChargingCable.Unplugged: return "unplugged";
                case ChargingCable.Plugged: return "plugged";
                case ChargingCable.Charging: return "charging";
                case ChargingCable.Unknown: return "unknown";
                default: return Number((byte)value);
            }
        }

        public static string Of(BindOutcome value)
        {
            switch (value)
            {
                case BindOutcome.Bound: return "bound";
                case BindOutcome.Confirmed: return "confirmed";
                case BindOutcome.Rebound: return "rebound";
                case BindOutcome.Rejected: return "rejected";
                default: return Number((byte)value);
            }
        }

        public static string Of(EventKind value)
        {
            switch (value)
            {
                case EventKind.Unlocked: return "unlocked";
                case EventKind.Locked: return "locked";
                case EventKind.Started: return "started";
                case EventKind.Refused: return "refused";
                case EventKind.LockedOut: return "locked-out";
                case EventKind.Occupancy: return "occupancy";
                case EventKind.StateOfCharge: return "state-of-charge";
                case EventKind.RemoteLocked: return "remote-locked";
                case EventKind.Obstructed: return "obstructed";
                case EventKind.MotorFault: return "motor-fault";
                case EventKind.Tampered: return "tampered";
                case EventKind.LowBattery: return "low-battery";
                case EventKind.AutoRaised: return "auto-raised";
                case EventKind.RemoteLockArmed: return "remote-lock-armed";
                case EventKind.RemoteLockRefused: return "remote-lock-refused";
                case EventKind.Withheld: return "withheld";
                case EventKind.Transferred: return "transferred";
                default: return Number((byte)value);
            }
        }

        public static string Of(MessageType value)
        {
            switch (value)
            {
                case MessageType.Challenge: return "Challenge";
                case MessageType.Command: return "Command";
                case MessageType.Result: return "Result";
                case MessageType.Rotate: return "Rotate";
                case MessageType.Commit: return "Commit";
                case MessageType.Bulletin: return "Bulletin";
                case MessageType.TimeSync: return "TimeSync";
                case MessageType.RemoteLock: return "RemoteLock";
                case MessageType.BindResult: return "BindResult";
                case MessageType.EventReceipt: return "EventReceipt";
                case MessageType.ReportRequest: return "ReportRequest";
                case MessageType.Ack: return "Ack";
                case MessageType.KeyReport: return "KeyReport";
                case MessageType.Event: return "Event";
                case MessageType.BindRequest: return "BindRequest";
                case MessageType.VehicleReport: return "VehicleReport";
                default: return Number((byte)value);
            }
        }

        public static string Of(Permissions value)
        {
            if (value == Permissions.None)
            {
                return "none";
            }

            string text = string.Empty;
            text = Append(text, value, Permissions.Unlock, "unlock");
            text = Append(text, value, Permissions.Lock, "lock");
            text = Append(text, value, Permissions.Start, "start");
            text = Append(text, value, Permissions.Share, "share");
            text = Append(text, value, Permissions.Manage, "manage");
            return text;
        }

        private static string Append(string text, Permissions value, Permissions bit, string name)
        {
            if ((value & bit) == 0)
            {
                return text;
            }

            return text.Length == 0 ? name : text + "," + name;
        }

        private static string Number(CommandCode value)
        {
            return Number((byte)value);
        }

        private static string Number(byte value)
        {
            return "#" + value.ToString();
        }
    }
}
