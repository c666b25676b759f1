namespace ShareKey.Mqtt.Packets;

/// <summary>SUBSCRIBE (MQTT 3.1.1 §3.8): one or more topic filters with requested QoS.</summary>
public sealed class MqttSubscribePacket : MqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public required IReadOnlyList<MqttTopicSubscription> Subscriptions { get; init; }

    public override string ToString() => $"Subscribe(Id={PacketIdentifier}, [{string.Join(", ", Subscriptions)}])";
}
