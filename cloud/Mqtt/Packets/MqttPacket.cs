namespace ShareKey.Mqtt.Packets;

/// <summary>Base of every control packet: plain data, no encoding logic (that lives in Formatter/).</summary>
public abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
