namespace ShareKey.Mqtt.Packets;

/// <summary>UNSUBACK (MQTT 3.1.1 §3.11): confirms an UNSUBSCRIBE.</summary>
public sealed class MqttUnsubAckPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public override string ToString() => $"UnsubAck(Id={PacketIdentifier})";
}
