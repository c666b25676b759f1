using ShareKey.Firmware.State;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>Uptime that moves only when a test says so; a new one stands for a board that just booted.</summary>
public sealed class FakeClock : IClock
{
    public uint UptimeSeconds { get; set; }

    public void Advance(uint seconds) => UptimeSeconds += seconds;
}
