namespace ShareKey.Firmware.ParkingLock.Sensing
{
    /// <summary>
    /// Occupancy from the ultrasonic distance readings, with hysteresis twice over. In distance: a
    /// reading at or below the vehicle threshold votes "vehicle", one at or above the clear
    /// threshold (or no echo) votes "clear", one in the band between votes neither. In time: the
    /// reported state changes only when <c>votes</c> of the last <c>window</c> readings agree. So
    /// with a window of 8 and 6 votes, a trace in which at most 2 of any 8 consecutive readings are
    /// wrong never flips the state, and a real change is reported after at most 8 readings (2 s at
    /// 4 readings a second). No allocation per reading.
    /// </summary>
    public sealed class OccupancyFilter
    {
        private const byte NoVote = 0;
        private const byte VehicleVote = 1;
        private const byte ClearVote = 2;

        private readonly int _vehicleBelowMm;
        private readonly int _clearAboveMm;
        private readonly int _votesNeeded;
        private readonly byte[] _votes;
        private int _next;
        private int _filled;
        private int _vehicleVotes;
        private int _clearVotes;

        public OccupancyFilter(LockSettings settings)
        {
            _vehicleBelowMm = settings.VehicleBelowMm;
            _clearAboveMm = settings.ClearAboveMm;
            _votesNeeded = settings.FilterVotes;
            _votes = new byte[settings.FilterWindow];
        }

        public Occupancy State { get; private set; }

        /// <summary>
        /// Votes "vehicle" among the last readings: enough of them to outnumber the noise the filter
        /// tolerates (window − votes + 1) means a vehicle is there even before the state says so.
        /// </summary>
        public int VehicleVotes
        {
            get { return _vehicleVotes; }
        }

        /// <summary>
        /// The fewest "vehicle" votes that cannot be noise alone: one more than the wrong readings a
        /// window may hold without a false change. Raising stops at this many.
        /// </summary>
        public int VehicleSeenVotes
        {
            get { return _votes.Length - _votesNeeded + 1; }
        }

        /// <summary>True when the recent readings cannot be explained by noise over an empty space.</summary>
        public bool VehicleSeen
        {
            get { return _vehicleVotes >= VehicleSeenVotes; }
        }

        /// <summary>The last distance reading in millimetres (0: no echo); -1 before the first.</summary>
        public int LastDistanceMm { get; private set; } = -1;

        /// <summary>One distance reading (millimetres; 0 or less when no echo came back). True if the reported state changed.</summary>
        public bool Add(int distanceMm)
        {
            LastDistanceMm = distanceMm < 0 ? 0 : distanceMm;
            byte vote = VoteOf(LastDistanceMm);
            if (_filled == _votes.Length)
            {
                Forget(_votes[_next]);
            }
            else
            {
                _filled++;
            }

            _votes[_next] = vote;
            _next = (_next + 1) % _votes.Length;
            if (vote == VehicleVote)
            {
                _vehicleVotes++;
            }
            else if (vote == ClearVote)
            {
                _clearVotes++;
            }

            Occupancy decided = State;
            if (_vehicleVotes >= _votesNeeded)
            {
                decided = Occupancy.Occupied;
            }
            else if (_clearVotes >= _votesNeeded)
            {
                decided = Occupancy.Free;
            }

            if (decided == State)
            {
                return false;
            }

            State = decided;
            return true;
        }

        private byte VoteOf(int distanceMm)
        {
            if (distanceMm == 0 || distanceMm >= _clearAboveMm)
            {
                return ClearVote;
            }

            return distanceMm <= _vehicleBelowMm ? VehicleVote : NoVote;
        }

        private void Forget(byte vote)
        {
            if (vote == VehicleVote)
            {
                _vehicleVotes--;
            }
            else if (vote == ClearVote)
            {
                _clearVotes--;
            }
        }
    }
}
