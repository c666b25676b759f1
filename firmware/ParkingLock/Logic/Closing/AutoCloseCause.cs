namespace ShareKey.Firmware.ParkingLock.Closing
{
    /// <summary>Why the barrier raises by itself: the detail of an auto-raised event (docs/protocol.md §4.12).</summary>
    public enum AutoCloseCause : byte
    {
        None = 0,
        CarLeft = 1,
        NoArrival = 2,
        /// <summary>A raise cut short by a power loss, completed at boot.</summary>
        Resumed = 3,
    }
}
