namespace ShareKey.Firmware.ParkingLock.Sensing
{
    /// <summary>The space as the filtered sensor sees it.</summary>
    public enum Occupancy : byte
    {
        /// <summary>Not decided yet: after boot, until the filter has enough agreeing readings.</summary>
        Unknown = 0,
        Free = 1,
        Occupied = 2,
    }
}
