namespace ShareKey.Firmware.Device.Storage
{
    /// <summary>
    /// Where a board keeps the files of the shared core on the internal drive (I:, a LittleFS partition of the
    /// ESP32's flash on nanoFramework's ESP32 images). Each record is two files, "&lt;name&gt;.0" and
    /// "&lt;name&gt;.1" (<see cref="FileFlashSlots"/>).
    /// </summary>
    public static class BoardFiles
    {
        /// <summary>Written by <c>sharekey device provision</c> and deployed with nanoff (docs/board-config.md).</summary>
        public const string Config = "I:\\sharekey.conf";

        public const string KeyState = "I:\\state";

        public const string Events = "I:\\events";

        public const string UplinkIds = "I:\\uplink";

    }
}
