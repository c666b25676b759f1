using ShareKey.Firmware.Diagnostics;

namespace ShareKey.Simulator.Hardware;

/// <summary>A simulated board's debug output, as information lines of the simulator's log under the device's name.</summary>
public sealed class DeviceLog(ISimulatorLog log, string source) : IDeviceLog
{
    public void Write(string line) => log.Info(source, line);
}
