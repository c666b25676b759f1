namespace ShareKey.Mqtt;

/// <summary>
/// Why a peer's bytes or behaviour broke MQTT. Every value is fatal for the connection that produced it:
/// the reader closes that connection (MQTT 3.1.1 §4.8) and nothing is worth retrying on it.
/// </summary>
public enum MqttProtocolError
{
    /// <summary>The fields do not fit the remaining length, or bytes are left over.</summary>
    MalformedPacket,
    /// <summary>Remaining length longer than 4 bytes or not in its shortest form (§2.2.3).</summary>
    MalformedRemainingLength,
    /// <summary>Control packet type 0 or 15 (§2.2.1).</summary>
    ReservedPacketType,
    /// <summary>Fixed-header flags other than the ones §2.2.2 fixes for the type.</summary>
    InvalidFixedHeaderFlags,
    /// <summary>QoS 3, or a QoS where the spec requires another (§3.3.1.2, §3.1.2.6, §3.8.3.1).</summary>
    InvalidQualityOfService,
    /// <summary>DUP set on a QoS 0 PUBLISH (§3.3.1.1).</summary>
    InvalidDuplicateFlag,
    /// <summary>Packet identifier 0 where a non-zero one is required (§2.3.1).</summary>
    InvalidPacketIdentifier,
    /// <summary>A string that is not well-formed UTF-8, contains U+0000 or a surrogate, or is too long (§1.5.3).</summary>
    InvalidUtf8String,
    /// <summary>Empty topic name, or one that contains a wildcard (§4.7).</summary>
    InvalidTopicName,
    /// <summary>Empty topic filter, misplaced wildcard or malformed shared subscription (§4.7).</summary>
    InvalidTopicFilter,
    /// <summary>SUBSCRIBE or UNSUBSCRIBE without any topic filter (§3.8.3, §3.10.3).</summary>
    EmptySubscription,
    /// <summary>CONNECT protocol name is not "MQTT" (§3.1.2.1).</summary>
    UnsupportedProtocolName,
    /// <summary>CONNECT protocol level this side does not speak; a server answers CONNACK 0x01 (§3.1.2.2).</summary>
    UnsupportedProtocolLevel,
    /// <summary>CONNECT flags contradict each other or set the reserved bit (§3.1.2.3 – §3.1.2.9).</summary>
    InvalidConnectFlags,
    /// <summary>CONNACK or SUBACK carrying a value the spec reserves (§3.2.2, §3.9.3).</summary>
    InvalidReturnCode,
    /// <summary>Packet larger than the configured maximum; not a spec rule but a resource limit.</summary>
    PacketTooLarge,
    /// <summary>A valid packet at the wrong moment or in the wrong direction (e.g. a second CONNECT, §3.1.0).</summary>
    ProtocolViolation,
}
