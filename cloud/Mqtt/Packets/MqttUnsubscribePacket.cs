namespace ShareKey.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (MQTT 3.1.1 §3.10): topic filters to remove, exactly as they were subscribed.</summary>
public sealed class MqttUnsubscribePacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public required IReadOnlyList<string> TopicFilters { get; init; }

    public override string ToString() => $"Unsubscribe(Id={PacketIdentifier}, [{string.Join(", ", TopicFilters)}])";
}
