namespace ShareKey.Mqtt.Packets;

/// <summary>PINGRESP (MQTT 3.1.1 §3.13): answer to PINGREQ. Carries no data, so one instance serves all.</summary>
public sealed class MqttPingRespPacket : MqttPacket
{
    public static readonly MqttPingRespPacket Instance = new();

    private MqttPingRespPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.PingResp;

    public override string ToString() => "PingResp";
}
