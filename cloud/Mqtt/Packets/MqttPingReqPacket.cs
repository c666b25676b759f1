namespace ShareKey.Mqtt.Packets;

/// <summary>PINGREQ (MQTT 3.1.1 §3.12): client keep-alive probe. Carries no data, so one instance serves all.</summary>
public sealed class MqttPingReqPacket : MqttPacket
{
    public static readonly MqttPingReqPacket Instance = new();

    private MqttPingReqPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.PingReq;

    public override string ToString() => "PingReq";
}
