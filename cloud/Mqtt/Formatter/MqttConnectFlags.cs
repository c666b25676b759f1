using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Formatter;

/// <summary>The CONNECT flags byte (MQTT 3.1.1 §3.1.2.3) with its consistency rules.</summary>
internal readonly record struct MqttConnectFlags(
    bool CleanSession, bool Will, MqttQualityOfService WillQualityOfService, bool WillRetain, bool Password, bool Username)
{
    public static MqttConnectFlags Read(byte flags)
    {
        if ((flags & 0x01) != 0)
        {
            throw Invalid("MQTT-3.1.2-3", "reserved CONNECT flag is set");
        }
        var will = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var password = (flags & 0x40) != 0;
        var username = (flags & 0x80) != 0;
        if (willQos == 3)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidQualityOfService, "MQTT-3.1.2-14",
                "will QoS is 3");
        }
        if (!will && willQos != 0)
        {
            throw Invalid("MQTT-3.1.2-13", "will QoS set without the will flag");
        }
        if (!will && willRetain)
        {
            throw Invalid("MQTT-3.1.2-15", "will retain set without the will flag");
        }
        if (!username && password)
        {
            throw Invalid("MQTT-3.1.2-22", "password flag set without the user name flag");
        }
        return new MqttConnectFlags((flags & 0x02) != 0, will, (MqttQualityOfService)willQos, willRetain, password, username);
    }

    public byte ToByte() => (byte)(
        (CleanSession ? 0x02 : 0) |
        (Will ? 0x04 : 0) |
        ((byte)WillQualityOfService << 3) |
        (WillRetain ? 0x20 : 0) |
        (Password ? 0x40 : 0) |
        (Username ? 0x80 : 0));

    private static MqttProtocolException Invalid(string rule, string detail) =>
        new(MqttProtocolError.InvalidConnectFlags, rule, detail);
}
