namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The failed-attempt lock-out (architecture §4, docs/protocol.md §9.6): K refusals within W
    /// seconds lock the command path for L seconds. Timed on uptime, not on the device clock, so a
    /// signed time that moves the clock forward neither ends nor extends a lock. While locked,
    /// refusals are not counted ("retrying prolongs nothing"); when the lock ends the history starts
    /// empty. Kept in RAM: a power cycle ends a lock-out early, which costs an attacker a reboot per
    /// K guesses of a 128-bit MAC — nothing worth a flash write per failed attempt.
    /// </summary>
    public sealed class LockOut
    {
        private readonly LockOutPolicy _policy;
        private readonly uint[] _failures;
        private int _count;
        private int _next;
        private bool _locked;
        private uint _lockedUntil;

        public LockOut(LockOutPolicy policy)
        {
            _policy = policy;
            _failures = new uint[policy.MaxFailures];
        }

        public bool IsLockedOut(uint uptime)
        {
            return _locked && uptime < _lockedUntil;
        }

        /// <summary>Counts one refusal; true when it is the one that starts a lock-out.</summary>
        public bool RecordFailure(uint uptime)
        {
            if (IsLockedOut(uptime))
            {
                return false;
            }

            _failures[_next] = uptime;
            _next = (_next + 1) % _failures.Length;
            if (_count < _failures.Length)
            {
                _count++;
            }

            // With the ring full, _next points at the oldest of the last K failures.
            if (_count < _failures.Length || uptime - _failures[_next] >= _policy.WindowSeconds)
            {
                return false;
            }

            _locked = true;
            _lockedUntil = uptime + _policy.LockSeconds;
            _count = 0;
            _next = 0;
            return true;
        }
    }
}
