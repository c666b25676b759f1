namespace ShareKey.Mqtt.Packets;

/// <summary>CONNACK (MQTT 3.1.1 §3.2): the server's answer to CONNECT.</summary>
public sealed class MqttConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    public bool SessionPresent { get; init; }
    public MqttConnectReturnCode ReturnCode { get; init; }

    public override string ToString() => $"ConnAck(SessionPresent={SessionPresent}, ReturnCode={ReturnCode})";
}
