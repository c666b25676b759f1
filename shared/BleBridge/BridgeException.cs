namespace ShareKey.BleBridge;

/// <summary>
/// The bridge's one error: a malformed record (the reader names the rule), or the device side's
/// <see cref="RecordType.Error"/> as the phone sees it. The connection is closed either way;
/// retrying on a new connection may help for <see cref="BridgeErrorCode.Busy"/> only.
/// </summary>
public sealed class BridgeException(BridgeErrorCode code, string message) : Exception(message)
{
    public BridgeErrorCode Code { get; } = code;
}
