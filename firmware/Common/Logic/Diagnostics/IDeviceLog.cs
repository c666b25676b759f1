namespace ShareKey.Firmware.Diagnostics
{
    /// <summary>
    /// Where the device logic tells a person what it did or could not do: on the board the debug
    /// output (<c>Debug.WriteLine</c>), in the simulator its console. Lines are written only for
    /// notable things (a relay switched, a frame dropped, a VIN that failed its check), never per
    /// byte or per poll, so building the string is affordable. Called with the logic's lock held:
    /// write and return.
    /// </summary>
    public interface IDeviceLog
    {
        void Write(string line);
    }
}
