namespace ShareKey.Mqtt.Packets;

/// <summary>PUBACK (MQTT 3.1.1 §3.4): acknowledges a QoS 1 PUBLISH.</summary>
public sealed class MqttPubAckPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.PubAck;

    public override string ToString() => $"PubAck(Id={PacketIdentifier})";
}
