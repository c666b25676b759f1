using System;
using nanoFramework.Runtime.Native;
using ShareKey.Firmware.Diagnostics;

namespace ShareKey.Firmware.Device.Platform
{
    /// <summary>
    /// What the device layer does when the logic throws outside boot: the controller's contract is
    /// that a failure (a flash write above all) surfaces as an exception and the board reboots.
    /// Everything handed out before the failure was already on flash; a reboot re-reads it.
    /// </summary>
    public static class BoardFault
    {
        public static void Reboot(IDeviceLog log, string where, Exception error)
        {
            log.Write("fault in " + where + ": " + error.Message + "; rebooting");
            Power.RebootDevice();
        }
    }
}
