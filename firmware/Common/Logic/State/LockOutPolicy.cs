using ShareKey.Protocol;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// How many failed guesses at one key (<see cref="MaxFailures"/>, K) within how many seconds
    /// (<see cref="WindowSeconds"/>, W) lock that key out, and for how long (<see cref="LockSeconds"/>,
    /// L). Each board picks its own; see docs/protocol.md §9.6.
    /// </summary>
    public sealed class LockOutPolicy
    {
        /// <summary>The configuration file's upper bound for K.</summary>
        public const int MaxFailuresLimit = 32;

        public LockOutPolicy(int maxFailures, uint windowSeconds, uint lockSeconds)
        {
            if (maxFailures < 1 || maxFailures > MaxFailuresLimit || windowSeconds == 0 || lockSeconds == 0)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "lock-out needs 1 to 32 failures and a window and lock of at least one second");
            }

            MaxFailures = maxFailures;
            WindowSeconds = windowSeconds;
            LockSeconds = lockSeconds;
        }

        public int MaxFailures { get; }

        public uint WindowSeconds { get; }

        public uint LockSeconds { get; }
    }
}
