namespace ShareKey.Mqtt.Packets;

/// <summary>A packet whose variable header is just, or starts with, a 16-bit packet identifier (§2.3.1).</summary>
public abstract class MqttPacketWithIdentifier : MqttPacket
{
    public ushort PacketIdentifier { get; init; }
}
