namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The board's monotonic tick source: whole seconds since boot, never going backwards while the
    /// board runs (on nanoFramework, from the system tick counter; in tests, a settable fake). It
    /// knows nothing of the date — <see cref="ForwardClock"/> adds the persisted, cloud-signed time.
    /// </summary>
    public interface IClock
    {
        uint UptimeSeconds { get; }
    }
}
