namespace ShareKey.Mqtt.Packets;

/// <summary>DISCONNECT (MQTT 3.1.1 §3.14): clean client close; the will is discarded. One instance serves all.</summary>
public sealed class MqttDisconnectPacket : MqttPacket
{
    public static readonly MqttDisconnectPacket Instance = new();

    private MqttDisconnectPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.Disconnect;

    public override string ToString() => "Disconnect";
}
