namespace ShareKey.Firmware.Tests.Support;

/// <summary>Thrown by <see cref="MemoryFlash"/> where the board would simply lose power.</summary>
public sealed class PowerCutException : Exception
{
    public PowerCutException(int slot, int written, int of)
        : base($"power cut writing slot {slot} after {written} of {of} bytes")
    {
    }
}
