namespace ShareKey.Mqtt.Client;

/// <summary>Packet identifiers of inbound QoS 2 messages that were handed to the application and answered
/// with PUBREC but not yet released by PUBREL. A PUBLISH with one of these identifiers is the broker
/// resending (§4.3.3, method B): answer PUBREC again, do not deliver again. Not thread-safe: only the
/// read loop touches it, and connections never overlap.</summary>
internal sealed class InboundQos2Receipts
{
    private readonly HashSet<ushort> _awaitingRelease = [];

    /// <summary>True the first time an identifier is seen, i.e. when the message should be delivered.</summary>
    public bool TryReceive(ushort identifier) => _awaitingRelease.Add(identifier);

    public void Release(ushort identifier) => _awaitingRelease.Remove(identifier);

    /// <summary>The broker started a fresh session, so it will never release these.</summary>
    public void Clear() => _awaitingRelease.Clear();
}
