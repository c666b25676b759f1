namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// The T-BOX's outputs into the car: the central door lock, the immobiliser and the charge-inlet
    /// lock (on the board, GPIO pins driving relays; in the simulator, observable state). Each call
    /// sets a level, so calling it again with the same value is harmless — the logic re-applies the
    /// saved state at boot. Called with the logic's lock held: switch the output and return (no
    /// waiting for a motor to finish).
    /// </summary>
    public interface IRelays
    {
        /// <summary>true locks the doors, false unlocks them.</summary>
        void SetDoorsLocked(bool locked);

        /// <summary>true engages the immobiliser (the engine cannot start), false releases it.</summary>
        void SetImmobiliserEngaged(bool engaged);

        /// <summary>
        /// true holds the charging cable in the car's inlet (it cannot be pulled, R3.3: a car locked
        /// at a charger stays there), false lets the car's own charging logic decide again.
        /// </summary>
        void SetChargeInletLocked(bool locked);
    }
}
