using ShareKey.Firmware.ParkingLock.Sensing;

namespace ShareKey.Firmware.ParkingLock.Closing
{
    /// <summary>
    /// When an open barrier closes by itself: a car that stayed at least the dwell time and then
    /// left (the space free for the close delay), or no car within the no-arrival time. A car that
    /// leaves before the dwell time (turning over the sensor) restarts the wait for an arrival; a
    /// car back during the close delay is parked again. Pure timing over the filtered occupancy;
    /// the controller moves the barrier and checks the space once more before it does.
    /// </summary>
    public sealed class AutoClose
    {
        private readonly uint _dwellMs;
        private readonly uint _delayMs;
        private readonly uint _noArrivalMs;
        private uint _since;

        public AutoClose(LockSettings settings)
        {
            _dwellMs = (uint)settings.DwellSeconds * 1000;
            _delayMs = (uint)settings.CloseDelaySeconds * 1000;
            _noArrivalMs = (uint)settings.NoArrivalSeconds * 1000;
        }

        public AutoClosePhase Phase { get; private set; }

        /// <summary>The barrier is open (or stopped part way): wait for a car — or count it parked if one is already there.</summary>
        public void Arm(Occupancy occupancy, uint nowMs)
        {
            Enter(occupancy == Occupancy.Occupied ? AutoClosePhase.Parked : AutoClosePhase.AwaitingArrival, nowMs);
        }

        /// <summary>The barrier raised, is moving, or is to stay as it is until a command.</summary>
        public void Disarm()
        {
            Phase = AutoClosePhase.Off;
        }

        /// <summary>Advances the phase with the occupancy now; returns why the barrier should raise now, or <see cref="AutoCloseCause.None"/>.</summary>
        public AutoCloseCause Update(Occupancy occupancy, uint nowMs)
        {
            uint elapsed = nowMs - _since;
            switch (Phase)
            {
                case AutoClosePhase.AwaitingArrival:
                    if (occupancy == Occupancy.Occupied)
                    {
                        Enter(AutoClosePhase.Parked, nowMs);
                        return AutoCloseCause.None;
                    }

                    return occupancy == Occupancy.Free && elapsed >= _noArrivalMs ? AutoCloseCause.NoArrival : AutoCloseCause.None;
                case AutoClosePhase.Parked:
                    if (occupancy == Occupancy.Free)
                    {
                        Enter(elapsed >= _dwellMs ? AutoClosePhase.Leaving : AutoClosePhase.AwaitingArrival, nowMs);
                        return Phase == AutoClosePhase.Leaving && _delayMs == 0 ? AutoCloseCause.CarLeft : AutoCloseCause.None;
                    }

                    return AutoCloseCause.None;
                case AutoClosePhase.Leaving:
                    if (occupancy == Occupancy.Occupied)
                    {
                        Enter(AutoClosePhase.Parked, nowMs);
                        return AutoCloseCause.None;
                    }

                    return elapsed >= _delayMs ? AutoCloseCause.CarLeft : AutoCloseCause.None;
                default:
                    return AutoCloseCause.None;
            }
        }

        private void Enter(AutoClosePhase phase, uint nowMs)
        {
            Phase = phase;
            _since = nowMs;
        }
    }
}
