namespace ShareKey.Mqtt.Packets;

/// <summary>PUBCOMP (MQTT 3.1.1 §3.7): last step of the QoS 2 exchange.</summary>
public sealed class MqttPubCompPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.PubComp;

    public override string ToString() => $"PubComp(Id={PacketIdentifier})";
}
