namespace ShareKey.Mqtt.Packets;

/// <summary>SUBACK (MQTT 3.1.1 §3.9): one return code per SUBSCRIBE entry, in order.</summary>
public sealed class MqttSubAckPacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public required IReadOnlyList<MqttSubscribeReturnCode> ReturnCodes { get; init; }

    public override string ToString() => $"SubAck(Id={PacketIdentifier}, [{string.Join(", ", ReturnCodes)}])";
}
