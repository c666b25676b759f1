using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>One outbound QoS 1/2 publish from PUBLISH until its last acknowledgement: the client's half of
/// the session state (§4.1) for that message.</summary>
internal sealed class OutboundFlight(MqttPublishPacket packet, long sequence)
{
    public MqttPublishPacket Packet { get; private set; } = packet;

    public ushort PacketIdentifier => Packet.PacketIdentifier;

    /// <summary>Resend order: publish order for PUBLISHes, PUBREC arrival order for PUBRELs (§4.6).</summary>
    public long Sequence { get; private set; } = sequence;

    /// <summary>QoS 2 only: PUBREC arrived, so PUBREL (not PUBLISH) is what goes out again.</summary>
    public bool Released { get; private set; }

    /// <summary>Whether PUBLISH reached a socket at least once; a resend then carries DUP=1 (§3.3.1.1).</summary>
    public bool Sent { get; private set; }

    /// <summary>Completes at the last acknowledgement; faults with <see cref="MqttPublishAbandonedException"/>
    /// when the application gives the session up. This task is what the publisher awaits.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Abandon()
    {
        if (Completion.TrySetException(new MqttPublishAbandonedException(Packet.Topic)))
        {
            // Reading it marks it observed: a publisher that stopped waiting (cancelled, or fire-and-forget)
            // must not surface as an unobserved task exception later. Awaiting still throws it.
            _ = Completion.Task.Exception;
        }
    }

    public void MarkSent() => Sent = true;

    public void MarkReleased(long sequence)
    {
        Released = true;
        Sequence = sequence;
    }

    /// <summary>The packet to put on a new connection: PUBREL once released, else PUBLISH with DUP
    /// set if it went out before, same packet identifier either way (§4.4).</summary>
    public MqttPacket PacketForResend()
    {
        if (Released)
        {
            return new MqttPubRelPacket { PacketIdentifier = PacketIdentifier };
        }

        if (Sent && !Packet.Dup)
        {
            Packet = new MqttPublishPacket
            {
                PacketIdentifier = Packet.PacketIdentifier,
                Topic = Packet.Topic,
                Payload = Packet.Payload,
                QualityOfService = Packet.QualityOfService,
                Retain = Packet.Retain,
                Dup = true,
            };
        }

        return Packet;
    }
}
