using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Vehicle
{
    /// <summary>
    /// R3 on the T-BOX: a RemoteLock (already authenticated and new, see <see cref="DownlinkHandler"/>)
    /// engages or releases the immobiliser, or locks or unlocks the doors, and is logged as a
    /// remote-locked event (detail = target, value = action). The immobiliser hold is saved before
    /// the relay switches, so a reboot re-engages it (<see cref="ApplySaved"/>), and an accepted BLE
    /// start does not release it (<see cref="CanRelease"/>). A charger connector is the charging
    /// pile's, not the T-BOX's: Unsupported.
    /// </summary>
    public sealed class RemoteLockPart : IRemoteLockHandler
    {
        private readonly VehicleRecord _vehicle;
        private readonly IRelays _relays;
        private readonly EventLog _events;
        private readonly DeviceKeyState _state;
        private readonly IDeviceLog _log;

        public RemoteLockPart(VehicleRecord vehicle, IRelays relays, EventLog events, DeviceKeyState state, IDeviceLog log)
        {
            _vehicle = vehicle;
            _relays = relays;
            _events = events;
            _state = state;
            _log = log;
        }

        /// <summary>False while a remote lock holds the immobiliser: only a remote release lets the engine start.</summary>
        public bool CanRelease
        {
            get { return !_vehicle.ImmobiliserHeld; }
        }

        /// <summary>At boot: the immobiliser output follows the saved hold.</summary>
        public void ApplySaved()
        {
            _relays.SetImmobiliserEngaged(_vehicle.ImmobiliserHeld);
        }

        public AckStatus Apply(RemoteLockMessage message)
        {
            bool locking = message.Action == RemoteLockAction.Lock;
            switch (message.Target)
            {
                case RemoteLockTarget.Immobiliser:
                    _vehicle.ImmobiliserHeld = locking;
                    _vehicle.Save();
                    _relays.SetImmobiliserEngaged(locking);
                    break;
                case RemoteLockTarget.Doors:
                    _relays.SetDoorsLocked(locking);
                    break;
                default:
                    _log.Write("remote lock: no " + Names.Of(message.Target) + " on a T-BOX");
                    return AckStatus.Unsupported;
            }

            _log.Write("remote lock: " + Names.Of(message.Action) + " " + Names.Of(message.Target));
            _events.Append(new EventRecord(EventKind.RemoteLocked, _state.Now, 0, (byte)message.Target, (short)message.Action));
            return AckStatus.Applied;
        }
    }
}
