namespace ShareKey.Firmware.ParkingLock.Closing
{
    public enum AutoClosePhase : byte
    {
        /// <summary>Nothing to close: the barrier is raised, moving, faulted, or gave up after obstructions.</summary>
        Off = 0,
        /// <summary>Open, no car yet: raises after the no-arrival time.</summary>
        AwaitingArrival = 1,
        /// <summary>A car is over the sensor.</summary>
        Parked = 2,
        /// <summary>The parked car left: raises once the space has stayed free for the close delay.</summary>
        Leaving = 3,
    }
}
