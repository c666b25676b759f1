using System;
using ShareKey.Firmware.Diagnostics;

namespace ShareKey.Firmware.Device.Platform
{
    /// <summary>
    /// <see cref="IDeviceLog"/> on nanoFramework's debug channel (the USB serial port, shown by
    /// Visual Studio's output window or any serial terminal once the debugger is detached).
    /// Console.WriteLine, not Debug.WriteLine: nanoFramework marks Debug.WriteLine
    /// [Conditional("DEBUG")], so a Release build — the one that goes into cars — would log nothing.
    /// </summary>
    public sealed class ConsoleLog : IDeviceLog
    {
        public void Write(string line)
        {
            Console.WriteLine(line);
        }
    }
}
