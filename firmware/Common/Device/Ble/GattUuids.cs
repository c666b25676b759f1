using System;

namespace ShareKey.Firmware.Device.Ble
{
    /// <summary>
    /// The ShareKey unlock service (docs/protocol.md §2: one write, one notification). Random
    /// 128-bit UUIDs sharing one base, the characteristics numbered after the service, so a phone
    /// scanning for the service UUID finds only ShareKey devices. The phone app and the simulator's
    /// BLE bridge must use the same values; README.md lists them.
    /// </summary>
    public static class GattUuids
    {
        public static readonly Guid Service = new Guid("7faf0001-56ef-4778-9d00-465e1699c354");

        /// <summary>Read or notify: a Challenge frame (§4.1), fresh on every read and after every Command.</summary>
        public static readonly Guid Challenge = new Guid("7faf0002-56ef-4778-9d00-465e1699c354");

        /// <summary>Write (with response): one Command frame (§4.2), up to 512 bytes.</summary>
        public static readonly Guid Command = new Guid("7faf0003-56ef-4778-9d00-465e1699c354");

        /// <summary>Notify: the Result frame (§4.3) answering the last Command.</summary>
        public static readonly Guid Result = new Guid("7faf0004-56ef-4778-9d00-465e1699c354");
    }
}
