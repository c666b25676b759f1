namespace ShareKey.Firmware.ParkingLock.Hardware
{
    /// <summary>
    /// The barrier's DC motor behind an H-bridge. Each call sets the bridge's state and returns at
    /// once (repeatable); the logic stops the motor itself when an end stop closes or a motion
    /// runs out of time.
    /// </summary>
    public interface IBarrierMotor
    {
        /// <summary>Drive towards the raised end stop (the space blocked).</summary>
        void Raise();

        /// <summary>Drive towards the lowered end stop (the space open).</summary>
        void Lower();

        /// <summary>Both bridge inputs low: the motor coasts to a stop.</summary>
        void Stop();
    }
}
