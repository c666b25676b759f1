namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// The T-BOX's two outputs into the car: the central door lock and the immobiliser (on the
    /// board, GPIO pins driving relays; in the simulator, observable state). Each call sets a level,
    /// so calling it again with the same value is harmless — the logic re-applies the saved state
    /// at boot. Called with the logic's lock held: switch the output and return (no waiting for a
    /// motor to finish).
    /// </summary>
    public interface IRelays
    {
        /// <summary>true locks the doors, false unlocks them.</summary>
        void SetDoorsLocked(bool locked);

        /// <summary>true engages the immobiliser (the engine cannot start), false releases it.</summary>
        void SetImmobiliserEngaged(bool engaged);
    }
}
