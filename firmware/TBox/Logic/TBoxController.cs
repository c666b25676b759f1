using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.TBox.Vehicle;
using ShareKey.Firmware.Unlock;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.TBox
{
    /// <summary>
    /// The T-BOX: the one object the nanoFramework device layer and the simulator drive, with one
    /// plain method per thing that happens to the board (README.md has the table). It wires the
    /// shared core (key state, event log, unlock session, downlink handler, cloud link) to the
    /// T-BOX's own parts (VIN binding, remote lock, relays).
    ///
    /// Threading: every public method takes the controller's one lock, so callers may use any
    /// thread; the seams are called with the lock held and must not block. Nothing here starts a
    /// thread or a timer: the device layer calls <see cref="Tick"/> about once a second.
    /// A flash failure surfaces as the exception the flash seam threw: reboot the board.
    /// </summary>
    public sealed class TBoxController : IBleEndpoint, IMqttEndpoint
    {
        /// <summary>How often the clock is saved with the key state, so a reboot without network loses at most this much time.</summary>
        public const uint CheckpointSeconds = 300;

        /// <summary>RSSI samples the proximity median is taken over.</summary>
        public const int ProximityWindow = 3;

        private readonly object _gate = new object();
        private readonly TBoxParts _parts;
        private readonly DeviceKeyState _state;
        private readonly EventLog _events;
        private readonly UplinkIds _ids;
        private readonly VehicleRecord _vehicle;
        private readonly VinBinding _binding;
        private readonly RemoteLockPart _remoteLock;
        private readonly ProximityFilter _proximity;
        private readonly UnlockSession _session;
        private readonly CloudLink _link;
        private readonly IDeviceLog _log;
        private uint _lastCheckpoint;

        /// <summary>Builds the T-BOX from its configuration file and parts; touches no hardware until <see cref="Boot"/>.</summary>
        public TBoxController(BoardConfig config, TBoxParts parts)
        {
            if (config.Kind != DeviceKind.TBox)
            {
                throw new BoardConfigException(BoardConfigKeys.DeviceKind, "this firmware is the T-BOX's; the file is for another board");
            }

            Macs macs = new Macs(parts.Crypto);
            DeviceSecrets secrets = new DeviceSecrets(macs, config.RootKey);
            config.CheckPassword(secrets);
            _parts = parts;
            _log = parts.Log;
            DeviceId = config.DeviceId;
            _state = new DeviceKeyState(config.DeviceId, new DurableRecord(parts.StateFlash), parts.Uptime, parts.Crypto, config.LockOut);
            _events = new EventLog(new DurableRecord(parts.EventFlash));
            _ids = new UplinkIds(new DurableRecord(parts.UplinkIdFlash));
            _vehicle = new VehicleRecord(new DurableRecord(parts.VehicleFlash));
            _binding = new VinBinding(_vehicle, parts.Peps, parts.Modem, parts.Uptime, parts.Log);
            _remoteLock = new RemoteLockPart(_vehicle, parts.Relays, _events, _state, parts.Log);
            DownlinkHandler downlink = new DownlinkHandler(_state, macs, secrets, _remoteLock, _binding);
            _proximity = parts.ConnectionRssiUnavailable ? null : new ProximityFilter(config.RssiThreshold, ProximityWindow);
            _session = new UnlockSession(_state, macs, secrets, _events, _proximity);
            _link = new CloudLink(_state, _events, downlink, macs, secrets, _ids, parts.Uplink, parts.Uptime, parts.Log);
        }

        public ulong DeviceId { get; }

        /// <summary>Reads every record from flash, sets the immobiliser as saved, and starts the VIN binding check.</summary>
        public void Boot()
        {
            lock (_gate)
            {
                bool restored = _state.Open();
                _events.Open();
                _ids.Open();
                _vehicle.Open();
                _remoteLock.ApplySaved();
                _lastCheckpoint = _parts.Uptime.UptimeSeconds;
                _log.Write("boot " + Hex.OfId(DeviceId) + (restored ? " epoch " + _state.Epochs.ActiveEpoch.ToString() : " with no saved keys")
                    + ", " + _events.Count.ToString() + " events queued" + (_vehicle.ImmobiliserHeld ? ", immobiliser held" : string.Empty));
                if (_proximity == null)
                {
                    _log.Write("proximity gate off: this radio reports no RSSI for a connected phone");
                }

                _binding.Boot();
            }
        }

        /// <summary>A phone connected: the first challenge to serve (null while no epoch key is held: do not advertise).</summary>
        public byte[] BleConnected()
        {
            lock (_gate)
            {
                _session.Reset();
                return _session.IssueChallengeFrame();
            }
        }

        /// <summary>A read of the challenge characteristic, and the fresh challenge after each command: a new nonce, the old one void.</summary>
        public byte[] ReadChallenge()
        {
            lock (_gate)
            {
                return _session.IssueChallengeFrame();
            }
        }

        /// <summary>One RSSI reading of the phone's connection (dBm).</summary>
        public void BleSignal(int rssiDbm)
        {
            lock (_gate)
            {
                if (_proximity != null)
                {
                    _proximity.Add(rssiDbm);
                }
            }
        }

        /// <summary>
        /// A write of the command characteristic: verifies, switches the relays if accepted, and
        /// returns the outcome whose <see cref="UnlockOutcome.ResultFrame"/> is to be notified. The
        /// event goes up, and an accepted command's new use count with a KeyReport, when online.
        /// </summary>
        public UnlockOutcome BleCommand(byte[] value, int offset, int count)
        {
            lock (_gate)
            {
                UnlockOutcome outcome = _session.HandleCommand(value, offset, count);
                if (outcome.Accepted)
                {
                    Actuate(outcome.Command);
                    _link.KeysChanged();
                }
                else
                {
                    _link.Pump();
                }

                return outcome;
            }
        }

        public void BleDisconnected()
        {
            lock (_gate)
            {
                _session.Reset();
            }
        }

        /// <summary>Connected and subscribed to the down topic: KeyReport, pending BindRequest, queued events.</summary>
        public void MqttConnected()
        {
            lock (_gate)
            {
                _link.Connected();
                _binding.Connected(_link);
            }
        }

        public void MqttDisconnected()
        {
            lock (_gate)
            {
                _link.Disconnected();
            }
        }

        /// <summary>A message on the down topic: authenticated, applied, acknowledged (frames that fail are dropped and logged).</summary>
        public void MqttFrameReceived(byte[] payload, int offset, int count)
        {
            lock (_gate)
            {
                _link.Receive(payload, offset, count);
            }
        }

        /// <summary>About once a second: binding retries, unacknowledged events, the clock checkpoint.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                _binding.Tick(_link);
                _link.Pump();
                uint now = _parts.Uptime.UptimeSeconds;
                if (now - _lastCheckpoint >= CheckpointSeconds)
                {
                    _state.Save();
                    _lastCheckpoint = now;
                }
            }
        }

        public TBoxStatus Status()
        {
            lock (_gate)
            {
                TBoxStatus status = new TBoxStatus();
                status.DeviceId = DeviceId;
                status.ActiveEpoch = _state.Epochs.ActiveEpoch;
                status.BackupEpoch = _state.Epochs.BackupEpoch;
                status.BulletinSequence = _state.Bulletin.Sequence;
                status.DeviceTime = _state.Now;
                status.Uses = _state.Uses.ToKeyUses();
                status.BindPending = _vehicle.BindPending;
                status.BindPhase = _binding.Phase;
                status.BindRejectedReason = _vehicle.RejectedReason;
                status.ImmobiliserHeld = _vehicle.ImmobiliserHeld;
                status.EventsQueued = _events.Count;
                status.Online = _link.IsOnline;
                return status;
            }
        }

        /// <summary>What an accepted command does to the car; its use is already on flash.</summary>
        private void Actuate(CommandCode command)
        {
            switch (command)
            {
                case CommandCode.Unlock:
                    _parts.Relays.SetDoorsLocked(false);
                    break;
                case CommandCode.Lock:
                    _parts.Relays.SetDoorsLocked(true);
                    break;
                case CommandCode.Start:
                    if (_remoteLock.CanRelease)
                    {
                        _parts.Relays.SetImmobiliserEngaged(false);
                    }
                    else
                    {
                        _log.Write("start accepted, but the immobiliser stays engaged: a remote lock holds it");
                    }

                    break;
                default:
                    // The verifier refuses codes it does not know; should one get here, nothing moves.
                    _log.Write("accepted command " + Names.Of(command) + " has no actuation on a T-BOX; nothing moved");
                    break;
            }
        }
    }
}
