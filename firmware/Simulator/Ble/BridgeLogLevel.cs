namespace ShareKey.Simulator.Ble;

/// <summary>Warnings are a phone's faults the server handled (malformed input, busy, idle); errors are the device's own failures.</summary>
public enum BridgeLogLevel
{
    Information,
    Warning,
    Error,
}
