using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Vehicle
{
    /// <summary>
    /// R3 on the T-BOX (docs/protocol.md §9.7). A RemoteLock (already authenticated and new, see
    /// <see cref="DownlinkHandler"/>) is first judged by its requested-at: more than
    /// <see cref="MaxAgeSeconds"/> behind the device clock, or older than the newest immobiliser
    /// order already carried out, it is refused (a remote-lock-refused event says why). An
    /// immobiliser lock then engages at once only when the vehicle is known to stand still with the
    /// ignition off; otherwise it is armed (remote-lock-armed event) and engages on the first tick
    /// that is safe. Engaged means the immobiliser and the charge-inlet lock are held, and a BLE
    /// start is withheld, until a remote release, which acts at once. The state is saved before any
    /// output switches, so a reboot or power cut restores it (<see cref="ApplySaved"/>). Every event
    /// carries the RemoteLock's message id in its key-id field. Doors lock and unlock at once; a
    /// charger connector is the charging pile's, not the T-BOX's: Unsupported.
    /// </summary>
    public sealed class RemoteLockPart : IRemoteLockHandler
    {
        /// <summary>An order older than this by the device clock is refused: a day covers a car out of coverage overnight, not a week-old frame.</summary>
        public const uint MaxAgeSeconds = 24 * 60 * 60;

        private readonly VehicleRecord _vehicle;
        private readonly IRelays _relays;
        private readonly VehicleSensing _sensing;
        private readonly EventLog _events;
        private readonly DeviceKeyState _state;
        private readonly IDeviceLog _log;

        public RemoteLockPart(VehicleRecord vehicle, IRelays relays, VehicleSensing sensing, EventLog events, DeviceKeyState state, IDeviceLog log)
        {
            _vehicle = vehicle;
            _relays = relays;
            _sensing = sensing;
            _events = events;
            _state = state;
            _log = log;
        }

        public RemoteLockState State
        {
            get { return _vehicle.LockState; }
        }

        /// <summary>False while a remote lock is armed or engaged: a BLE start is withheld and the immobiliser stays as it is.</summary>
        public bool CanRelease
        {
            get { return _vehicle.LockState == RemoteLockState.Released; }
        }

        /// <summary>At boot: the immobiliser and the charge-inlet lock follow the saved state (an armed lock engages on the first safe tick).</summary>
        public void ApplySaved()
        {
            bool engaged = _vehicle.LockState == RemoteLockState.Engaged;
            _relays.SetImmobiliserEngaged(engaged);
            _relays.SetChargeInletLocked(engaged);
        }

        public AckStatus Apply(RemoteLockMessage message)
        {
            uint now = _state.Now;
            if (now > message.RequestedAt && now - message.RequestedAt > MaxAgeSeconds)
            {
                return Refuse(message, RemoteLockRefusal.TooOld);
            }

            switch (message.Target)
            {
                case RemoteLockTarget.Immobiliser:
                    return ApplyToImmobiliser(message);
                case RemoteLockTarget.Doors:
                    bool locking = message.Action == RemoteLockAction.Lock;
                    _relays.SetDoorsLocked(locking);
                    Done(message.MessageId, RemoteLockTarget.Doors, message.Action);
                    return AckStatus.Applied;
                default:
                    _log.Write("remote lock: no " + Names.Of(message.Target) + " on a T-BOX");
                    return AckStatus.Unsupported;
            }
        }

        /// <summary>Once a tick, after the vehicle was read: an armed lock engages when it is safe. True when it engaged.</summary>
        public bool Tick()
        {
            if (_vehicle.LockState != RemoteLockState.Armed || !_sensing.Current.IsSafeToImmobilise)
            {
                return false;
            }

            Engage(_vehicle.LockMessageId);
            return true;
        }

        private AckStatus ApplyToImmobiliser(RemoteLockMessage message)
        {
            if (message.RequestedAt < _vehicle.NewestRequestedAt)
            {
                return Refuse(message, RemoteLockRefusal.Superseded);
            }

            _vehicle.NewestRequestedAt = message.RequestedAt;
            _vehicle.LockMessageId = message.MessageId;
            if (message.Action == RemoteLockAction.Release)
            {
                _vehicle.LockState = RemoteLockState.Released;
                _vehicle.Save();
                _relays.SetImmobiliserEngaged(false);
                _relays.SetChargeInletLocked(false);
                Done(message.MessageId, RemoteLockTarget.Immobiliser, RemoteLockAction.Release);
                return AckStatus.Applied;
            }

            _sensing.Read();
            VehicleReading now = _sensing.Current;
            if (now.IsSafeToImmobilise)
            {
                Engage(message.MessageId);
                return AckStatus.Applied;
            }

            RemoteLockWait wait = now.WaitReason();
            _vehicle.LockState = RemoteLockState.Armed;
            _vehicle.Save();
            _log.Write("remote lock: armed, waiting (" + Names.Of(wait) + ")");
            _events.Append(new EventRecord(EventKind.RemoteLockArmed, _state.Now, message.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)wait));
            return AckStatus.Applied;
        }

        private void Engage(uint messageId)
        {
            _vehicle.LockState = RemoteLockState.Engaged;
            _vehicle.LockMessageId = messageId;
            _vehicle.Save();
            _relays.SetImmobiliserEngaged(true);
            _relays.SetChargeInletLocked(true);
            Done(messageId, RemoteLockTarget.Immobiliser, RemoteLockAction.Lock);
        }

        private void Done(uint messageId, RemoteLockTarget target, RemoteLockAction action)
        {
            _log.Write("remote lock: " + Names.Of(action) + " " + Names.Of(target));
            _events.Append(new EventRecord(EventKind.RemoteLocked, _state.Now, messageId, (byte)target, (short)action));
        }

        private AckStatus Refuse(RemoteLockMessage message, RemoteLockRefusal reason)
        {
            _log.Write("remote lock #" + message.MessageId.ToString() + " refused: " + Names.Of(reason));
            _events.Append(new EventRecord(EventKind.RemoteLockRefused, _state.Now, message.MessageId, (byte)reason, (short)message.Action));
            return AckStatus.Refused;
        }
    }
}
