namespace ShareKey.BleBridge;

/// <summary>Why the device side closed a bridge connection (the body of an <see cref="RecordType.Error"/> record).</summary>
public enum BridgeErrorCode : byte
{
    /// <summary>A record that breaks the wire format: unknown or wrong-direction type, bad length, bad sample count.</summary>
    Malformed = 1,

    /// <summary>Another phone is connected: a peripheral serves one central at a time.</summary>
    Busy = 2,

    /// <summary>The device failed while handling the record (its fault, not the phone's).</summary>
    DeviceFault = 3,
}
