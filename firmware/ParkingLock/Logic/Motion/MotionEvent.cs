namespace ShareKey.Firmware.ParkingLock.Motion
{
    /// <summary>What <see cref="Barrier.Poll"/> noticed; the controller decides what follows.</summary>
    public enum MotionEvent : byte
    {
        None = 0,
        /// <summary>A raise reached the raised end stop; the motor is off.</summary>
        ReachedRaised = 1,
        /// <summary>A lower reached the lowered end stop; the motor is off.</summary>
        ReachedLowered = 2,
        /// <summary>A raise ran out of time without reaching its end stop; the motor is off.</summary>
        RaiseTimedOut = 3,
        /// <summary>A lower ran out of time without reaching its end stop; the motor is off.</summary>
        LowerTimedOut = 4,
        /// <summary>The raised barrier left its end stop with the motor off (confirmed after the debounce time).</summary>
        ForcedDown = 5,
        /// <summary>Both end stops read pressed at once: a wiring or switch fault; the motor is off.</summary>
        BothEndStops = 6,
    }
}
