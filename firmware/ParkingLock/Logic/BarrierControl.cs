using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Firmware.State;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>
    /// The lock's safety rules in one place: what the barrier does on a command, on each distance
    /// reading, on an end-stop change and as time passes, and the event each outcome logs.
    /// <list type="bullet">
    /// <item>Never raise onto a car: a raise starts only while the filtered space is free and no
    /// vehicle is being seen; a vehicle seen while raising, or the raised end stop not reached in
    /// time, stops the motor and lowers again (obstructed).</item>
    /// <item>A lower that does not reach its end stop in time, or both end stops pressed, is a motor
    /// fault: the motor stays off and nothing moves by itself until the next command.</item>
    /// <item>A raised barrier forced off its end stop is tampered; it then closes like an open one.</item>
    /// <item>An open barrier closes by itself (<see cref="AutoClose"/>); after
    /// <see cref="LockSettings.MaxObstructedRaises"/> obstructed raises in a row it waits for a command.</item>
    /// <item>At boot the position comes from the end stops; a motion cut by a power loss is completed
    /// towards its saved target — lowering at once, raising once the space is seen free.</item>
    /// </list>
    /// Not thread-safe: the controller calls it under its lock.
    /// </summary>
    public sealed class BarrierControl
    {
        private const byte ObstructedOccupied = 1;
        private const byte ObstructedVehicleSeen = 2;
        private const byte ObstructedNotRaised = 3;
        private const byte FaultLowering = 1;
        private const byte FaultBothEndStops = 2;

        private readonly Barrier _barrier;
        private readonly OccupancyFilter _space;
        private readonly AutoClose _autoClose;
        private readonly EventLog _events;
        private readonly DeviceKeyState _state;
        private readonly IDeviceLog _log;
        private readonly int _maxObstructed;
        private int _obstructedInRow;
        private bool _resumeRaise;

        public BarrierControl(Barrier barrier, OccupancyFilter space, AutoClose autoClose, EventLog events, DeviceKeyState state, IDeviceLog log, LockSettings settings)
        {
            _barrier = barrier;
            _space = space;
            _autoClose = autoClose;
            _events = events;
            _state = state;
            _log = log;
            _maxObstructed = settings.MaxObstructedRaises;
        }

        /// <summary>A motion failed: automatic motions wait for a command.</summary>
        public bool MotorFault { get; private set; }

        /// <summary>After the records are read: the position from the end stops, and an interrupted motion resumed.</summary>
        public void Boot(uint nowMs)
        {
            MotorFault = false;
            if (_barrier.Boot() == MotionEvent.BothEndStops)
            {
                Fault(FaultBothEndStops);
                return;
            }

            BarrierPosition at = _barrier.Position;
            if (_barrier.Target == BarrierPosition.Lowered && at != BarrierPosition.Lowered)
            {
                _log.Write("boot: completing a lower cut short by a power loss");
                _barrier.Lower(nowMs);
            }
            else if (_barrier.Target == BarrierPosition.Raised && at != BarrierPosition.Raised)
            {
                _log.Write("boot: barrier not raised; it raises once the space is seen free");
                _resumeRaise = true;
            }
            else if (at == BarrierPosition.Lowered)
            {
                _autoClose.Arm(Occupancy.Unknown, nowMs);
            }
        }

        /// <summary>An accepted unlock: lower (or, already lowered, wait for the car afresh).</summary>
        public void Unlock(uint nowMs)
        {
            Clear();
            if (_barrier.Position == BarrierPosition.Lowered)
            {
                _autoClose.Arm(_space.State, nowMs);
                return;
            }

            _autoClose.Disarm();
            _barrier.Lower(nowMs);
        }

        /// <summary>An accepted lock: raise, unless the space is not seen free (then the barrier stays and an obstructed event says why).</summary>
        public void Lock(uint nowMs)
        {
            Clear();
            if (_barrier.Position == BarrierPosition.Raised || _barrier.Position == BarrierPosition.Raising)
            {
                return;
            }

            if (!SpaceClear)
            {
                Log(EventKind.Obstructed, ObstructedOccupied, 0);
                _autoClose.Arm(_space.State, nowMs);
                return;
            }

            _autoClose.Disarm();
            _barrier.Raise(nowMs);
        }

        /// <summary>A distance reading went into the filter; <paramref name="changed"/> if the occupancy it reports changed.</summary>
        public void SpaceSeen(bool changed, uint nowMs)
        {
            if (changed)
            {
                Log(EventKind.Occupancy, 0, (short)(_space.State == Occupancy.Occupied ? 1 : 0));
            }

            if (_barrier.Position == BarrierPosition.Raising && _space.VehicleSeen)
            {
                _barrier.Halt();
                Obstructed(ObstructedVehicleSeen, nowMs);
                return;
            }

            Drive(nowMs);
        }

        /// <summary>An end stop changed, or a tick: motion progress, time-outs, a forced barrier, and what is due by itself.</summary>
        public void Poll(uint nowMs)
        {
            switch (_barrier.Poll(nowMs))
            {
                case MotionEvent.ReachedRaised:
                    _obstructedInRow = 0;
                    _autoClose.Disarm();
                    break;
                case MotionEvent.ReachedLowered:
                    OpenAgain(nowMs);
                    break;
                case MotionEvent.RaiseTimedOut:
                    Obstructed(ObstructedNotRaised, nowMs);
                    break;
                case MotionEvent.LowerTimedOut:
                    Fault(FaultLowering);
                    break;
                case MotionEvent.ForcedDown:
                    Log(EventKind.Tampered, 0, 0);
                    OpenAgain(nowMs);
                    break;
                case MotionEvent.BothEndStops:
                    Fault(FaultBothEndStops);
                    break;
            }

            Drive(nowMs);
        }

        public AutoClosePhase Phase
        {
            get { return _autoClose.Phase; }
        }

        private bool SpaceClear
        {
            get { return _space.State == Occupancy.Free && !_space.VehicleSeen; }
        }

        /// <summary>What happens by itself: a raise resumed after boot, or an auto-close that is due.</summary>
        private void Drive(uint nowMs)
        {
            if (_resumeRaise && _space.State != Occupancy.Unknown)
            {
                _resumeRaise = false;
                AutoRaise(AutoCloseCause.Resumed, nowMs);
                return;
            }

            if (MotorFault || _barrier.IsMoving || _barrier.Position == BarrierPosition.Raised)
            {
                return;
            }

            AutoCloseCause due = _autoClose.Update(_space.State, nowMs);
            if (due != AutoCloseCause.None)
            {
                AutoRaise(due, nowMs);
            }
        }

        private void AutoRaise(AutoCloseCause cause, uint nowMs)
        {
            if (!SpaceClear)
            {
                // Not a refusal anyone asked for: wait for the space to clear, quietly.
                _autoClose.Arm(_space.State, nowMs);
                return;
            }

            _autoClose.Disarm();
            Log(EventKind.AutoRaised, (byte)cause, 0);
            _barrier.Raise(nowMs);
        }

        /// <summary>The raise stopped (the motor is off): log why and lower again.</summary>
        private void Obstructed(byte detail, uint nowMs)
        {
            _obstructedInRow++;
            Log(EventKind.Obstructed, detail, 0);
            _barrier.Lower(nowMs);
        }

        /// <summary>The barrier is open again (lowered, or forced off its end stop): close by itself, unless raises keep failing.</summary>
        private void OpenAgain(uint nowMs)
        {
            if (_obstructedInRow >= _maxObstructed)
            {
                _log.Write("barrier stays open after " + _obstructedInRow.ToString() + " obstructed raises; waiting for a command");
                _autoClose.Disarm();
                return;
            }

            _autoClose.Arm(_space.State, nowMs);
        }

        private void Fault(byte detail)
        {
            _barrier.Halt();
            MotorFault = true;
            _resumeRaise = false;
            _autoClose.Disarm();
            Log(EventKind.MotorFault, detail, 0);
        }

        /// <summary>A command retries whatever failed before it.</summary>
        private void Clear()
        {
            MotorFault = false;
            _obstructedInRow = 0;
            _resumeRaise = false;
        }

        private void Log(EventKind kind, byte detail, short value)
        {
            EventRecord record = new EventRecord(kind, _state.Now, 0, detail, value);
            _events.Append(record);
            _log.Write(record.ToString());
        }
    }
}
