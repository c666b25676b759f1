using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>A message as the broker routes it: immutable, shared by every subscriber it fans out to.</summary>
public sealed class MqttApplicationMessage
{
    public MqttApplicationMessage(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qualityOfService, bool retain)
    {
        Topic = topic;
        Payload = payload;
        QualityOfService = qualityOfService;
        Retain = retain;
    }

    public string Topic { get; }
    public ReadOnlyMemory<byte> Payload { get; }
    public MqttQualityOfService QualityOfService { get; }
    public bool Retain { get; }

    public override string ToString() =>
        $"Message(Topic={Topic}, QoS={(int)QualityOfService}, Retain={Retain}, PayloadLength={Payload.Length})";
}
