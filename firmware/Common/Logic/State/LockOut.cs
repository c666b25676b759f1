namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The failed-attempt lock-out (docs/architecture.md §4, docs/protocol.md §9.6), kept per key id: K
    /// counted failures for one key within W seconds (counted from the first of them) lock that key
    /// for L seconds, and only that key. Timed on uptime, not on the device clock, so a signed time
    /// that moves the clock forward neither ends nor extends a lock. While a key is locked its
    /// failures are not counted ("retrying prolongs nothing"); when the lock ends its history starts
    /// empty. A bounded table in RAM (<see cref="Capacity"/> keys): when it is full the entry whose
    /// window or lock ends soonest makes room. A power cycle ends every lock early, which costs an
    /// attacker a reboot per K guesses of a 128-bit MAC — nothing worth a flash write per attempt.
    /// </summary>
    public sealed class LockOut
    {
        /// <summary>Keys tracked at once (about 0.3 KB of RAM).</summary>
        public const int Capacity = 16;

        private readonly LockOutPolicy _policy;
        private readonly ulong[] _keyIds = new ulong[Capacity];
        private readonly uint[] _since = new uint[Capacity];
        private readonly int[] _failures = new int[Capacity];
        private readonly bool[] _locked = new bool[Capacity];
        private readonly uint[] _until = new uint[Capacity];
        private int _count;

        public LockOut(LockOutPolicy policy)
        {
            _policy = policy;
        }

        public bool IsLockedOut(ulong keyId, uint uptime)
        {
            int index = IndexOf(keyId);
            return index >= 0 && _locked[index] && uptime < _until[index];
        }

        /// <summary>Counts one failure for <paramref name="keyId"/>; true when it is the one that locks the key.</summary>
        public bool RecordFailure(ulong keyId, uint uptime)
        {
            int index = IndexOf(keyId);
            if (index >= 0 && _locked[index] && uptime < _until[index])
            {
                return false;
            }

            if (index < 0 || _locked[index] || uptime - _since[index] >= _policy.WindowSeconds)
            {
                index = index >= 0 ? index : Slot(uptime);
                _keyIds[index] = keyId;
                _since[index] = uptime;
                _failures[index] = 0;
                _locked[index] = false;
            }

            _failures[index]++;
            if (_failures[index] < _policy.MaxFailures)
            {
                return false;
            }

            _locked[index] = true;
            _until[index] = uptime + _policy.LockSeconds;
            return true;
        }

        /// <summary>A free entry, else one that no longer matters, else the one whose window or lock ends soonest.</summary>
        private int Slot(uint uptime)
        {
            if (_count < Capacity)
            {
                return _count++;
            }

            int soonest = 0;
            for (int i = 0; i < Capacity; i++)
            {
                uint end = EndOf(i);
                if (uptime >= end)
                {
                    return i;
                }

                if (end < EndOf(soonest))
                {
                    soonest = i;
                }
            }

            return soonest;
        }

        private uint EndOf(int index)
        {
            return _locked[index] ? _until[index] : _since[index] + _policy.WindowSeconds;
        }

        private int IndexOf(ulong keyId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keyIds[i] == keyId)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
