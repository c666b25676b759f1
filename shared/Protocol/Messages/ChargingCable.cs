namespace ShareKey.Protocol.Messages
{
    /// <summary>The charging cable at the vehicle's inlet, as the vehicle bus reports it.</summary>
    public enum ChargingCable : byte
    {
        Unplugged = 0,
        /// <summary>A cable is in the inlet; no current flows.</summary>
        Plugged = 1,
        /// <summary>A cable is in the inlet and the battery is charging.</summary>
        Charging = 2,
        /// <summary>The vehicle bus did not say.</summary>
        Unknown = 0xFF,
    }
}
