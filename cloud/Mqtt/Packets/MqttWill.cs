namespace ShareKey.Mqtt.Packets;

/// <summary>The Will Message a CONNECT carries (MQTT 3.1.1 §3.1.2.5): published if the client vanishes.</summary>
public sealed class MqttWill
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfService QualityOfService { get; init; }
    public bool Retain { get; init; }

    public override string ToString() =>
        $"Will(Topic={Topic}, QoS={(int)QualityOfService}, Retain={Retain}, PayloadLength={Payload.Length})";
}
