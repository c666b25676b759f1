using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Unlock;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>
    /// The parking lock: the one object the nanoFramework device layer and the simulator drive, with
    /// one plain method per thing that happens to the board (README.md has the table). It wires the
    /// shared core — the same key state, unlock session, command verifier, use counts, revocations,
    /// lock-out, event log and cloud link as the T-BOX — to the lock's own parts: the barrier
    /// (<see cref="BarrierControl"/>), the occupancy sensor and the battery.
    ///
    /// A BLE unlock lowers the barrier, a lock raises it; start is refused not-permitted (a lock has
    /// nothing to start). Threading: every public method takes the controller's one lock; seams are
    /// called with it held and must not block. Nothing here starts a thread or a timer: the device
    /// layer measures the distance every <see cref="LockSettings.SampleIntervalMs"/> and calls
    /// <see cref="Tick"/> about every 100 ms. A flash failure surfaces as the exception the flash
    /// seam threw: reboot the board.
    /// </summary>
    public sealed class ParkingLockController : IBleEndpoint, IMqttEndpoint
    {
        /// <summary>What a phone's key can make a parking lock do.</summary>
        public const Permissions Commands = Permissions.Unlock | Permissions.Lock;

        /// <summary>How often the clock is saved with the key state.</summary>
        public const uint CheckpointSeconds = 300;

        /// <summary>RSSI samples the proximity median is taken over.</summary>
        public const int ProximityWindow = 3;

        private readonly object _gate = new object();
        private readonly ParkingLockParts _parts;
        private readonly LockSettings _settings;
        private readonly DeviceKeyState _state;
        private readonly EventLog _events;
        private readonly UplinkIds _ids;
        private readonly BarrierRecord _record;
        private readonly Barrier _barrier;
        private readonly OccupancyFilter _space;
        private readonly BatteryMonitor _battery;
        private readonly BarrierControl _control;
        private readonly ProximityFilter _proximity;
        private readonly UnlockSession _session;
        private readonly CloudLink _link;
        private readonly IDeviceLog _log;
        private uint _lastCheckpoint;
        private uint _lastHeartbeat;

        /// <summary>Builds the lock from its configuration file and parts; touches no hardware until <see cref="Boot"/>.</summary>
        public ParkingLockController(BoardConfig config, ParkingLockParts parts)
        {
            if (config.Kind != DeviceKind.ParkingLock)
            {
                throw new BoardConfigException(BoardConfigKeys.DeviceKind, "this firmware is the parking lock's; the file is for another board");
            }

            parts.Settings.Check();
            Macs macs = new Macs(parts.Crypto);
            DeviceSecrets secrets = new DeviceSecrets(macs, config.RootKey);
            config.CheckPassword(secrets);
            _parts = parts;
            _settings = parts.Settings;
            _log = parts.Log;
            DeviceId = config.DeviceId;
            _state = new DeviceKeyState(config.DeviceId, new DurableRecord(parts.StateFlash), parts.Clock, parts.Crypto, config.LockOut);
            _events = new EventLog(new DurableRecord(parts.EventFlash));
            _ids = new UplinkIds(new DurableRecord(parts.UplinkIdFlash));
            _record = new BarrierRecord(new DurableRecord(parts.BarrierFlash));
            _barrier = new Barrier(parts.Motor, parts.EndStops, _record, _settings);
            _space = new OccupancyFilter(_settings);
            _battery = new BatteryMonitor(_settings);
            _control = new BarrierControl(_barrier, _space, new AutoClose(_settings), _events, _state, parts.Log, _settings);
            DownlinkHandler downlink = new DownlinkHandler(_state, macs, secrets, null, null);
            _proximity = parts.ConnectionRssiUnavailable ? null : new ProximityFilter(config.RssiThreshold, ProximityWindow);
            _session = new UnlockSession(_state, macs, secrets, _events, _proximity, Commands);
            _link = new CloudLink(_state, _events, downlink, macs, secrets, _ids, parts.Uplink, parts.Clock, parts.Log);
        }

        public ulong DeviceId { get; }

        /// <summary>Reads every record from flash, finds the barrier from its end stops and completes a motion a power cut interrupted.</summary>
        public void Boot()
        {
            lock (_gate)
            {
                bool restored = _state.Open();
                _events.Open();
                _ids.Open();
                _record.Open();
                uint now = _parts.Clock.UptimeSeconds;
                _lastCheckpoint = now;
                _lastHeartbeat = now;
                _control.Boot(_parts.Clock.UptimeMilliseconds);
                _log.Write("boot " + Hex.OfId(DeviceId) + (restored ? " epoch " + _state.Epochs.ActiveEpoch.ToString() : " with no saved keys")
                    + ", " + _events.Count.ToString() + " events queued, barrier " + PositionName(_barrier.Position));
                if (_proximity == null)
                {
                    _log.Write("proximity gate off: this radio reports no RSSI for a connected phone");
                }
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

        /// <summary>A read of the challenge characteristic, and the fresh challenge after each command.</summary>
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
        /// A write of the command characteristic: verified exactly as on the T-BOX; an accepted
        /// unlock lowers the barrier, an accepted lock raises it if the space is free. Returns the
        /// outcome whose <see cref="UnlockOutcome.ResultFrame"/> is to be notified.
        /// </summary>
        public UnlockOutcome BleCommand(byte[] value, int offset, int count)
        {
            lock (_gate)
            {
                UnlockOutcome outcome = _session.HandleCommand(value, offset, count);
                if (outcome.Accepted)
                {
                    uint now = _parts.Clock.UptimeMilliseconds;
                    if (outcome.Command == CommandCode.Unlock)
                    {
                        _control.Unlock(now);
                    }
                    else
                    {
                        _control.Lock(now);
                    }

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

        /// <summary>One reading of the ultrasonic sensor: millimetres to the nearest echo, 0 (or less) when none came back.</summary>
        public void DistanceMeasured(int millimetres)
        {
            lock (_gate)
            {
                bool changed = _space.Add(millimetres);
                _control.SpaceSeen(changed, _parts.Clock.UptimeMilliseconds);
                _link.Pump();
            }
        }

        /// <summary>Either end-stop input changed (an interrupt); the controller reads both.</summary>
        public void EndStopChanged()
        {
            lock (_gate)
            {
                _control.Poll(_parts.Clock.UptimeMilliseconds);
                _link.Pump();
            }
        }

        /// <summary>One battery reading through the ADC, in millivolts at the battery (the divider already undone).</summary>
        public void BatteryMeasured(int millivolts)
        {
            lock (_gate)
            {
                if (_battery.Add(millivolts))
                {
                    _events.Append(new EventRecord(EventKind.LowBattery, _state.Now, 0, 0, (short)_battery.Percent));
                    _log.Write("battery low: " + _battery.Percent.ToString() + " %");
                    _link.Pump();
                }
            }
        }

        /// <summary>Connected and subscribed to the down topic: KeyReport and queued events go up.</summary>
        public void MqttConnected()
        {
            lock (_gate)
            {
                _link.Connected();
            }
        }

        public void MqttDisconnected()
        {
            lock (_gate)
            {
                _link.Disconnected();
            }
        }

        /// <summary>A message on the down topic: authenticated, applied, acknowledged (an EventReceipt settles the Event batch in flight).</summary>
        public void MqttFrameReceived(byte[] payload, int offset, int count)
        {
            lock (_gate)
            {
                _link.Receive(payload, offset, count);
            }
        }

        /// <summary>About every 100 ms: motion time-outs, a forced barrier, auto-close, the heartbeat, unacknowledged events, the clock checkpoint.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                _control.Poll(_parts.Clock.UptimeMilliseconds);
                uint now = _parts.Clock.UptimeSeconds;
                if (_link.IsOnline && now - _lastHeartbeat >= (uint)_settings.HeartbeatSeconds)
                {
                    Heartbeat();
                    _lastHeartbeat = now;
                }

                _link.Pump();
                if (now - _lastCheckpoint >= CheckpointSeconds)
                {
                    _state.Save();
                    _lastCheckpoint = now;
                }
            }
        }

        public ParkingLockStatus Status()
        {
            lock (_gate)
            {
                ParkingLockStatus status = new ParkingLockStatus();
                status.DeviceId = DeviceId;
                status.ActiveEpoch = _state.Epochs.ActiveEpoch;
                status.BackupEpoch = _state.Epochs.BackupEpoch;
                status.BulletinSequence = _state.Bulletin.Sequence;
                status.DeviceTime = _state.Now;
                status.Uses = _state.Uses.ToKeyUses();
                status.Position = _barrier.Position;
                status.Target = _barrier.Target;
                status.Occupancy = _space.State;
                status.DistanceMm = _space.LastDistanceMm;
                status.BatteryPercent = _battery.Percent;
                status.AutoClose = _control.Phase;
                status.MotorFault = _control.MotorFault;
                status.EventsQueued = _events.Count;
                status.Online = _link.IsOnline;
                return status;
            }
        }

        /// <summary>
        /// The periodic report, online only: a heartbeat logged offline would be stale when it
        /// arrives and would push real events out of the ring.
        /// </summary>
        private void Heartbeat()
        {
            if (_space.State != Occupancy.Unknown)
            {
                _events.Append(new EventRecord(EventKind.Occupancy, _state.Now, 0, 1, (short)(_space.State == Occupancy.Occupied ? 1 : 0)));
            }

            if (_battery.Percent >= 0)
            {
                _events.Append(new EventRecord(EventKind.StateOfCharge, _state.Now, 0, 0, (short)_battery.Percent));
            }
        }

        private static string PositionName(BarrierPosition position)
        {
            switch (position)
            {
                case BarrierPosition.Raised: return "raised";
                case BarrierPosition.Lowered: return "lowered";
                case BarrierPosition.Raising: return "raising";
                case BarrierPosition.Lowering: return "lowering";
                default: return "between its end stops";
            }
        }
    }
}
