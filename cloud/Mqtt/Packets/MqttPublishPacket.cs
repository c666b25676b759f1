namespace ShareKey.Mqtt.Packets;

/// <summary>PUBLISH (MQTT 3.1.1 §3.3): an application message in either direction.</summary>
public sealed class MqttPublishPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QualityOfService { get; init; }
    public bool Retain { get; init; }
    public bool Dup { get; init; }

    public override string ToString() =>
        $"Publish(Id={PacketIdentifier}, Topic={Topic}, QoS={(int)QualityOfService}, Retain={Retain}, Dup={Dup}, " +
        $"PayloadLength={Payload.Length})";
}
