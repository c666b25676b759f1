namespace ShareKey.Firmware.Configuration
{
    /// <summary>Which board a configuration file is for (<c>device.kind</c>, docs/board-config.md).</summary>
    public enum DeviceKind : byte
    {
        TBox = 1,
        ParkingLock = 2,
    }
}
