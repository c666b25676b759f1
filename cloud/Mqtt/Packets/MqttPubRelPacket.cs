namespace ShareKey.Mqtt.Packets;

/// <summary>PUBREL (MQTT 3.1.1 §3.6): releases a QoS 2 message after PUBREC.</summary>
public sealed class MqttPubRelPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.PubRel;

    public override string ToString() => $"PubRel(Id={PacketIdentifier})";
}
