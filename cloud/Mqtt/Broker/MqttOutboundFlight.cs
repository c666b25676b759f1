using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>A QoS 1/2 message sent to a client and not yet fully acknowledged (MQTT 3.1.1 §4.3.2–§4.3.3).</summary>
internal sealed class MqttOutboundFlight
{
    public MqttOutboundFlight(MqttApplicationMessage message, MqttQualityOfService qos, bool retain, long sequence)
    {
        Message = message;
        QualityOfService = qos;
        Retain = retain;
        Sequence = sequence;
    }

    public MqttApplicationMessage Message { get; }
    public MqttQualityOfService QualityOfService { get; }
    public bool Retain { get; }

    /// <summary>Order of first sending; resends after a reconnect keep it [MQTT-4.6.0-1].</summary>
    public long Sequence { get; }

    /// <summary>QoS 2 only: PUBREC arrived and PUBREL was sent, PUBCOMP is awaited.</summary>
    public bool Released { get; set; }

    public MqttPublishPacket ToPublish(ushort packetIdentifier, bool dup) => new()
    {
        Topic = Message.Topic,
        Payload = Message.Payload,
        QualityOfService = QualityOfService,
        PacketIdentifier = packetIdentifier,
        Retain = Retain,
        Dup = dup,
    };
}
