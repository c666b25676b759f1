namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// The car's smart-key (PEPS) module and, through the same gateway, the vehicle bus: the VIN
    /// (R4.2) and the state of charge, charging cable, speed and ignition (R3.2). On the board, a
    /// request over the gateway's UART; in the simulator, what the options and tests set. The
    /// logic validates what it gets (<c>ShareKey.Protocol.Identity.Vin</c>), so return the
    /// characters as read. Called with the logic's lock held — the VIN at most once per retry
    /// interval, the vehicle about once a second; a bus transaction of a few milliseconds is fine,
    /// a wait of seconds is not.
    /// </summary>
    public interface IPepsModule
    {
        /// <summary>The VIN as the module reports it, or null when the module did not answer (the logic asks again later).</summary>
        string ReadVin();

        /// <summary>Fills <paramref name="reading"/> with the vehicle's state; false (nothing known) when the bus did not answer.</summary>
        bool ReadVehicle(VehicleReading reading);
    }
}
