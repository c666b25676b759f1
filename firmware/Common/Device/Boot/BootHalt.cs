using System.Threading;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Device.Hardware;

namespace ShareKey.Firmware.Device.Boot
{
    /// <summary>
    /// Stops the firmware on a fault only a person can fix — a configuration file that is missing,
    /// malformed or for another board. Rebooting would change nothing, so the board logs the reason
    /// once, blinks fast and waits to be provisioned again.
    /// </summary>
    public static class BootHalt
    {
        public static void Forever(IDeviceLog log, StatusLed led, string reason)
        {
            log.Write("halted: " + reason);
            led.Fault();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
