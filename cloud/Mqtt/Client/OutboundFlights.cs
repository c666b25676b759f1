using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>The unacknowledged outbound QoS 1/2 publishes by packet identifier. Not thread-safe: the
/// client calls it under its session lock.</summary>
internal sealed class OutboundFlights
{
    private readonly Dictionary<ushort, OutboundFlight> _byIdentifier = [];
    private long _nextSequence;

    public int Count => _byIdentifier.Count;

    public OutboundFlight Add(MqttPublishPacket packet)
    {
        var flight = new OutboundFlight(packet, _nextSequence++);
        _byIdentifier.Add(packet.PacketIdentifier, flight);
        return flight;
    }

    /// <summary>PUBACK (QoS 1) or PUBCOMP (QoS 2) ended the flight; null for an unknown identifier.</summary>
    public OutboundFlight? Complete(ushort identifier, MqttQualityOfService expectedQualityOfService)
    {
        if (!_byIdentifier.TryGetValue(identifier, out var flight)
            || flight.Packet.QualityOfService != expectedQualityOfService)
        {
            return null;
        }

        _byIdentifier.Remove(identifier);
        return flight;
    }

    /// <summary>PUBREC for a QoS 2 flight: from now on PUBREL is what gets resent. False for an identifier
    /// that is not a QoS 2 flight (the caller still answers PUBREL, which the spec allows, §4.3.3).</summary>
    public bool Release(ushort identifier)
    {
        if (!_byIdentifier.TryGetValue(identifier, out var flight)
            || flight.Packet.QualityOfService != MqttQualityOfService.ExactlyOnce)
        {
            return false;
        }

        if (!flight.Released)
        {
            flight.MarkReleased(_nextSequence++);
        }

        return true;
    }

    /// <summary>Every flight in the order it must go out again on a new connection (§4.6).</summary>
    public OutboundFlight[] InResendOrder()
    {
        var flights = _byIdentifier.Values.ToArray();
        Array.Sort(flights, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return flights;
    }

    public OutboundFlight[] RemoveAll()
    {
        var flights = _byIdentifier.Values.ToArray();
        _byIdentifier.Clear();
        return flights;
    }
}
