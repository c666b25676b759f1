namespace ShareKey.Firmware.Unlock
{
    /// <summary>
    /// What a board's GATT server drives: the BLE side of a board controller (the T-BOX's and the
    /// parking lock's), so one server (firmware/Common/Device/Ble) serves both boards. Every method
    /// is thread-safe (the controller's lock).
    /// </summary>
    public interface IBleEndpoint
    {
        /// <summary>A phone connected: the first challenge to serve (null while no epoch key is held).</summary>
        byte[] BleConnected();

        /// <summary>A fresh challenge (a read, and after each command).</summary>
        byte[] ReadChallenge();

        /// <summary>A written Command; the outcome's Result is to be notified.</summary>
        UnlockOutcome BleCommand(byte[] value, int offset, int count);

        void BleDisconnected();
    }
}
