namespace ShareKey.Firmware.TBox.Binding
{
    /// <summary>Where the VIN binding (R4) stands; only <see cref="VinBinding"/> moves it.</summary>
    public enum BindPhase : byte
    {
        /// <summary>Not pending: bound, or nothing to bind.</summary>
        Idle = 0,
        /// <summary>The modem gave no valid IMSI yet; asked again every read interval.</summary>
        WaitingForModem = 1,
        /// <summary>Pending; the VIN is read from the PEPS module (again after an invalid read).</summary>
        ReadingVin = 2,
        /// <summary>A valid VIN is known; BindRequests go up with backoff until a BindResult comes.</summary>
        Requesting = 3,
        /// <summary>The cloud rejected the binding; a fresh VIN read and request follow after the rejection pause, or at the next boot.</summary>
        Rejected = 4,
    }
}
