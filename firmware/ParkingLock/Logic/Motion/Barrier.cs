using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.Firmware.ParkingLock.Motion
{
    /// <summary>
    /// The barrier's motion: drives the motor towards an end stop, stops it there, and times each
    /// motion out; while idle it watches the end stops for a barrier moved by hand or by force.
    /// It reports what it saw (<see cref="MotionEvent"/>) and leaves every decision — retreat,
    /// fault, event — to the controller. The target is saved before a motion starts.
    /// </summary>
    public sealed class Barrier
    {
        private readonly IBarrierMotor _motor;
        private readonly IEndStops _endStops;
        private readonly BarrierRecord _record;
        private readonly uint _timeoutMs;
        private readonly uint _tamperConfirmMs;
        private uint _motionStart;
        private bool _released;
        private bool _shorted;
        private uint _releasedAt;

        public Barrier(IBarrierMotor motor, IEndStops endStops, BarrierRecord record, LockSettings settings)
        {
            _motor = motor;
            _endStops = endStops;
            _record = record;
            _timeoutMs = (uint)settings.MotionTimeoutMs;
            _tamperConfirmMs = (uint)settings.TamperConfirmMs;
        }

        public BarrierPosition Position { get; private set; }

        /// <summary>Where the last motion was headed (saved): what a boot completes.</summary>
        public BarrierPosition Target
        {
            get { return _record.Target; }
        }

        public bool IsMoving
        {
            get { return Position == BarrierPosition.Raising || Position == BarrierPosition.Lowering; }
        }

        /// <summary>At boot: the motor off, the position from the end stops alone. <see cref="MotionEvent.BothEndStops"/> if both read pressed.</summary>
        public MotionEvent Boot()
        {
            _motor.Stop();
            _released = false;
            bool raised = _endStops.IsRaised;
            bool lowered = _endStops.IsLowered;
            _shorted = raised && lowered;
            if (_shorted)
            {
                Position = BarrierPosition.Unknown;
                return MotionEvent.BothEndStops;
            }

            Position = raised ? BarrierPosition.Raised : lowered ? BarrierPosition.Lowered : BarrierPosition.Unknown;
            return MotionEvent.None;
        }

        /// <summary>Saves the target, then drives up (already raised: nothing). Reverses a lower at once; the caller has checked the space.</summary>
        public void Raise(uint nowMs)
        {
            _record.Aim(BarrierPosition.Raised);
            if (Position == BarrierPosition.Raised || Position == BarrierPosition.Raising)
            {
                return;
            }

            if (Position == BarrierPosition.Lowering)
            {
                _motor.Stop();
            }

            Position = BarrierPosition.Raising;
            _motionStart = nowMs;
            _motor.Raise();
        }

        /// <summary>Saves the target, then drives down (already lowered: nothing). Reverses a raise at once.</summary>
        public void Lower(uint nowMs)
        {
            _record.Aim(BarrierPosition.Lowered);
            if (Position == BarrierPosition.Lowered || Position == BarrierPosition.Lowering)
            {
                return;
            }

            if (Position == BarrierPosition.Raising)
            {
                _motor.Stop();
            }

            Position = BarrierPosition.Lowering;
            _motionStart = nowMs;
            _motor.Lower();
        }

        /// <summary>Stops the motor where it is (the position is unknown unless an end stop says otherwise).</summary>
        public void Halt()
        {
            _motor.Stop();
            Position = _endStops.IsRaised ? BarrierPosition.Raised : _endStops.IsLowered ? BarrierPosition.Lowered : BarrierPosition.Unknown;
        }

        /// <summary>Reads the end stops and the motion's time; call on every end-stop change and every tick.</summary>
        public MotionEvent Poll(uint nowMs)
        {
            bool raised = _endStops.IsRaised;
            bool lowered = _endStops.IsLowered;
            if (raised && lowered)
            {
                // Reported once per occurrence; the motor is kept off for as long as it lasts.
                bool first = !_shorted || IsMoving;
                _shorted = true;
                _motor.Stop();
                Position = BarrierPosition.Unknown;
                return first ? MotionEvent.BothEndStops : MotionEvent.None;
            }

            _shorted = false;
            switch (Position)
            {
                case BarrierPosition.Raising:
                    return Moving(raised, BarrierPosition.Raised, MotionEvent.ReachedRaised, MotionEvent.RaiseTimedOut, nowMs);
                case BarrierPosition.Lowering:
                    return Moving(lowered, BarrierPosition.Lowered, MotionEvent.ReachedLowered, MotionEvent.LowerTimedOut, nowMs);
                case BarrierPosition.Raised:
                    return RaisedIdle(raised, lowered, nowMs);
                default:
                    Position = raised ? BarrierPosition.Raised : lowered ? BarrierPosition.Lowered : BarrierPosition.Unknown;
                    return MotionEvent.None;
            }
        }

        private MotionEvent Moving(bool reached, BarrierPosition end, MotionEvent arrived, MotionEvent timedOut, uint nowMs)
        {
            if (reached)
            {
                _motor.Stop();
                Position = end;
                return arrived;
            }

            if (nowMs - _motionStart < _timeoutMs)
            {
                return MotionEvent.None;
            }

            _motor.Stop();
            Position = BarrierPosition.Unknown;
            return timedOut;
        }

        /// <summary>A raised barrier off its end stop with the motor off, for longer than a bounce, was forced down.</summary>
        private MotionEvent RaisedIdle(bool raised, bool lowered, uint nowMs)
        {
            if (raised)
            {
                _released = false;
                return MotionEvent.None;
            }

            if (!_released)
            {
                _released = true;
                _releasedAt = nowMs;
            }

            if (!lowered && nowMs - _releasedAt < _tamperConfirmMs)
            {
                return MotionEvent.None;
            }

            _released = false;
            Position = lowered ? BarrierPosition.Lowered : BarrierPosition.Unknown;
            return MotionEvent.ForcedDown;
        }
    }
}
