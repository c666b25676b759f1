namespace ShareKey.BleBridge;

/// <summary>One record off the wire: its type and body.</summary>
public readonly record struct BridgeRecord(RecordType Type, byte[] Body);
