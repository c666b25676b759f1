namespace ShareKey.Simulator.Ble;

/// <summary>
/// The device behind a <see cref="BridgeServer"/>: what a board's GATT service would call into.
/// The server calls it from one connection at a time, never concurrently. Frames are protocol
/// frames (docs/protocol.md §4.1–§4.3); null means "no challenge" (the device holds no key yet).
/// </summary>
public interface IGattPeripheral
{
    /// <summary>A phone connected; returns the challenge to expose.</summary>
    byte[]? Connected();

    /// <summary>The challenge characteristic has no value yet (none at connect): try again.</summary>
    byte[]? ReadChallenge();

    /// <summary>One RSSI sample of the phone's link, in dBm.</summary>
    void Signal(int rssiDbm);

    /// <summary>A Command frame written; returns the Result frame to notify.</summary>
    byte[] WriteCommand(byte[] frame);

    void Disconnected();
}
