using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>An application message the broker delivered.</summary>
public sealed class MqttReceivedMessage(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qualityOfService,
    bool retain, bool duplicate)
{
    public string Topic { get; } = topic;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public MqttQualityOfService QualityOfService { get; } = qualityOfService;

    /// <summary>Set when the broker sent this as a retained message on subscribe (§3.3.1.3).</summary>
    public bool Retain { get; } = retain;

    /// <summary>The broker's DUP flag: a QoS 1 message may be one the application already saw.</summary>
    public bool Duplicate { get; } = duplicate;

    public override string ToString() =>
        $"Message(Topic={Topic}, QoS={(int)QualityOfService}, Retain={Retain}, Dup={Duplicate}, PayloadLength={Payload.Length})";
}
