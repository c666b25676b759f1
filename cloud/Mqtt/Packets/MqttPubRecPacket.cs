namespace ShareKey.Mqtt.Packets;

/// <summary>PUBREC (MQTT 3.1.1 §3.5): first answer to a QoS 2 PUBLISH.</summary>
public sealed class MqttPubRecPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.PubRec;

    public override string ToString() => $"PubRec(Id={PacketIdentifier})";
}
