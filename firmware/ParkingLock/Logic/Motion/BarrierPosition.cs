namespace ShareKey.Firmware.ParkingLock.Motion
{
    /// <summary>Where the barrier is, as the end stops and the motor say.</summary>
    public enum BarrierPosition : byte
    {
        /// <summary>Neither end stop pressed and the motor off: after a power cut mid-motion, a fault, or a forced barrier.</summary>
        Unknown = 0,
        /// <summary>On the raised end stop: the space is blocked.</summary>
        Raised = 1,
        /// <summary>On the lowered end stop: a car may drive over it.</summary>
        Lowered = 2,
        Raising = 3,
        Lowering = 4,
    }
}
