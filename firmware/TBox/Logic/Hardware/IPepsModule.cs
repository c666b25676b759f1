namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// The car's smart-key (PEPS) module, which knows the vehicle's VIN (R4.2). On the board, a
    /// request over the module's bus; in the simulator, a VIN from the options. The logic validates
    /// what it gets (<c>ShareKey.Protocol.Identity.Vin</c>), so return the characters as read.
    /// Called with the logic's lock held, at most once per retry interval; a bus transaction of a
    /// few milliseconds is fine, a wait of seconds is not.
    /// </summary>
    public interface IPepsModule
    {
        /// <summary>The VIN as the module reports it, or null when the module did not answer (the logic asks again later).</summary>
        string ReadVin();
    }
}
