namespace ShareKey.Firmware.ParkingLock.Hardware
{
    /// <summary>The barrier's two limit switches, read as they are now; the board calls <c>EndStopChanged</c> when either input changes.</summary>
    public interface IEndStops
    {
        /// <summary>True while the barrier presses the raised end stop.</summary>
        bool IsRaised { get; }

        /// <summary>True while the barrier presses the lowered end stop.</summary>
        bool IsLowered { get; }
    }
}
