using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Firmware.Storage;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>
    /// The parking lock: the shared board core (<see cref="BoardController"/>: the same key state,
    /// unlock session, command verifier, use counts, revocations, lock-out, event log and cloud link
    /// as the T-BOX) with the lock's own parts — the barrier (<see cref="BarrierControl"/>), the
    /// occupancy sensor and the battery (README.md has the table of board events).
    ///
    /// A BLE unlock lowers the barrier, a lock raises it; start is refused not-permitted (a lock has
    /// nothing to start). The device layer measures the distance every
    /// <see cref="LockSettings.SampleIntervalMs"/> and calls <see cref="BoardController.Tick"/> about
    /// every 100 ms.
    /// </summary>
    public sealed class ParkingLockController : BoardController
    {
        /// <summary>What a phone's key can make a parking lock do.</summary>
        public const Permissions Commands = Permissions.Unlock | Permissions.Lock;

        private readonly ParkingLockParts _parts;
        private readonly LockSettings _settings;
        private readonly BarrierRecord _record;
        private readonly Barrier _barrier;
        private readonly OccupancyFilter _space;
        private readonly BatteryMonitor _battery;
        private readonly BarrierControl _control;
        private uint _lastHeartbeat;

        /// <summary>Builds the lock from its configuration file and parts; touches no hardware until <see cref="BoardController.Boot"/>.</summary>
        public ParkingLockController(BoardConfig config, ParkingLockParts parts)
            : base(config, parts, parts.Clock, DeviceKind.ParkingLock, "parking lock")
        {
            parts.Settings.Check();
            _parts = parts;
            _settings = parts.Settings;
            _record = new BarrierRecord(new DurableRecord(parts.BarrierFlash));
            _barrier = new Barrier(parts.Motor, parts.EndStops, _record, _settings);
            _space = new OccupancyFilter(_settings);
            _battery = new BatteryMonitor(_settings);
            _control = new BarrierControl(_barrier, _space, new AutoClose(_settings), Events, State, parts.Log, _settings);
            Attach(null, null, new ReportOnRequest(this), Commands);
        }

        /// <summary>One reading of the ultrasonic sensor: millimetres to the nearest echo, 0 (or less) when none came back.</summary>
        public void DistanceMeasured(int millimetres)
        {
            lock (Gate)
            {
                bool changed = _space.Add(millimetres);
                _control.SpaceSeen(changed, _parts.Clock.UptimeMilliseconds);
                Link.Pump();
            }
        }

        /// <summary>Either end-stop input changed (an interrupt); the controller reads both.</summary>
        public void EndStopChanged()
        {
            lock (Gate)
            {
                _control.Poll(_parts.Clock.UptimeMilliseconds);
                Link.Pump();
            }
        }

        /// <summary>One battery reading through the ADC, in millivolts at the battery (the divider already undone).</summary>
        public void BatteryMeasured(int millivolts)
        {
            lock (Gate)
            {
                if (_battery.Add(millivolts))
                {
                    Events.Append(new EventRecord(EventKind.LowBattery, State.Now, 0, 0, (short)_battery.Percent));
                    Log.Write("battery low: " + _battery.Percent.ToString() + " %");
                    Link.Pump();
                }
            }
        }

        public ParkingLockStatus Status()
        {
            lock (Gate)
            {
                ParkingLockStatus status = new ParkingLockStatus();
                Describe(status);
                status.Position = _barrier.Position;
                status.Target = _barrier.Target;
                status.Occupancy = _space.State;
                status.DistanceMm = _space.LastDistanceMm;
                status.BatteryPercent = _battery.Percent;
                status.AutoClose = _control.Phase;
                status.MotorFault = _control.MotorFault;
                return status;
            }
        }

        /// <summary>Finds the barrier from its end stops and completes a motion a power cut interrupted.</summary>
        protected override void OpenBoard(uint uptimeSeconds)
        {
            _record.Open();
            _lastHeartbeat = uptimeSeconds;
            _control.Boot(_parts.Clock.UptimeMilliseconds);
        }

        protected override string BootSummary()
        {
            return ", barrier " + PositionName(_barrier.Position);
        }

        /// <summary>
        /// Never raise onto a car: a lock while the sensor sees a car is refused space-occupied (no use,
        /// a withheld event) so the phone is told why. The barrier's own check while raising stays:
        /// a car that arrives during the motion stops it (obstructed).
        /// </summary>
        protected override RefusalReason HoldsBack(CommandCode command)
        {
            return command == CommandCode.Lock && (_space.State == Occupancy.Occupied || _space.VehicleSeen) ? RefusalReason.SpaceOccupied : RefusalReason.Accepted;
        }

        /// <summary>An unlock lowers the barrier; a lock raises it if the space is free.</summary>
        protected override void Actuate(CommandCode command)
        {
            uint now = _parts.Clock.UptimeMilliseconds;
            if (command == CommandCode.Unlock)
            {
                _control.Unlock(now);
            }
            else
            {
                _control.Lock(now);
            }
        }

        /// <summary>Motion time-outs, a forced barrier, auto-close, and the heartbeat.</summary>
        protected override void TickBoard(uint uptimeSeconds)
        {
            _control.Poll(_parts.Clock.UptimeMilliseconds);
            if (Link.IsOnline && uptimeSeconds - _lastHeartbeat >= (uint)_settings.HeartbeatSeconds)
            {
                Heartbeat();
                _lastHeartbeat = uptimeSeconds;
            }
        }

        /// <summary>
        /// The periodic report, online only: a heartbeat logged offline would be stale when it
        /// arrives and would push real events out of the ring.
        /// </summary>
        private void Heartbeat()
        {
            Report(1);
        }

        /// <summary>Occupancy (when the sensor has settled) and battery as events; <paramref name="why"/> is the occupancy event's detail: 1 heartbeat, 2 asked by a ReportRequest.</summary>
        private void Report(byte why)
        {
            if (_space.State != Occupancy.Unknown)
            {
                Events.Append(new EventRecord(EventKind.Occupancy, State.Now, 0, why, (short)(_space.State == Occupancy.Occupied ? 1 : 0)));
            }

            if (_battery.Percent >= 0)
            {
                Events.Append(new EventRecord(EventKind.StateOfCharge, State.Now, 0, 0, (short)_battery.Percent));
            }
        }

        /// <summary>A ReportRequest from the cloud (docs/protocol.md §4.16): the heartbeat's report, now; called with the gate held.</summary>
        private sealed class ReportOnRequest : IReportRequestHandler
        {
            private readonly ParkingLockController _lock;

            public ReportOnRequest(ParkingLockController parkingLock)
            {
                _lock = parkingLock;
            }

            public AckStatus ReportNow()
            {
                _lock.Report(2);
                return AckStatus.Applied;
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
