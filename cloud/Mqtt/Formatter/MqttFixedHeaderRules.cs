using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Formatter;

/// <summary>
/// The first byte of every packet (MQTT 3.1.1 §2.2): type in the high nibble, flags in the low one. Checked as
/// soon as that byte arrives so garbage is refused before any more of it is buffered.
/// </summary>
internal static class MqttFixedHeaderRules
{
    public const byte PublishDup = 0x08;
    public const byte PublishRetain = 0x01;
    public const byte RequiredFlagsPubRelSubscribeUnsubscribe = 0x02;

    public static MqttPacketType Validate(byte firstByte)
    {
        var type = (MqttPacketType)(firstByte >> 4);
        var flags = firstByte & 0x0F;
        if (type is 0 || (byte)type == 15)
        {
            throw new MqttProtocolException(MqttProtocolError.ReservedPacketType, "MQTT-2.2.1",
                $"control packet type {(int)type} is reserved");
        }
        switch (type)
        {
            case MqttPacketType.Publish:
                var qos = (flags >> 1) & 0x03;
                if (qos == 3)
                {
                    throw new MqttProtocolException(MqttProtocolError.InvalidQualityOfService, "MQTT-3.3.1-4",
                        "PUBLISH has both QoS bits set");
                }
                if (qos == 0 && (flags & PublishDup) != 0)
                {
                    throw new MqttProtocolException(MqttProtocolError.InvalidDuplicateFlag, "MQTT-3.3.1-2",
                        "QoS 0 PUBLISH has DUP set");
                }
                break;
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                if (flags != RequiredFlagsPubRelSubscribeUnsubscribe)
                {
                    throw InvalidFlags(type, flags, RequiredFlagsPubRelSubscribeUnsubscribe);
                }
                break;
            default:
                if (flags != 0)
                {
                    throw InvalidFlags(type, flags, 0);
                }
                break;
        }
        return type;
    }

    private static MqttProtocolException InvalidFlags(MqttPacketType type, int flags, int expected) =>
        new(MqttProtocolError.InvalidFixedHeaderFlags, "MQTT-2.2.2-2",
            $"{type} fixed-header flags are {flags:b4}, must be {expected:b4}");
}
