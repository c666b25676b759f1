namespace ShareKey.BleBridge;

/// <summary>
/// The record types of the bridge (README.md). Low values travel phone → device, high values
/// device → phone; a peer sending a type of the other direction is malformed.
/// </summary>
public enum RecordType : byte
{
    /// <summary>Phone reads the challenge characteristic. Empty body.</summary>
    ReadChallenge = 0x01,

    /// <summary>Phone writes the command characteristic. Body: sample count n (0–15) ‖ n signed RSSI bytes (dBm) ‖ Command frame.</summary>
    WriteCommand = 0x02,

    /// <summary>Answer to <see cref="ReadChallenge"/>: the Challenge frame, or empty when the device holds no key yet.</summary>
    ChallengeValue = 0x81,

    /// <summary>Notification on the challenge characteristic: the fresh Challenge after a command.</summary>
    ChallengeNotify = 0x82,

    /// <summary>Notification on the result characteristic: the Result frame for the command just written.</summary>
    ResultNotify = 0x83,

    /// <summary>The device refuses the connection or the record; one error-code byte, then the device closes.</summary>
    Error = 0xFF,
}
