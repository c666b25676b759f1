using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Client;

// Outbound application messages and their acknowledgement flows.
public sealed partial class MqttClient
{
    /// <summary>Publishes one message. QoS 0 completes once queued on the current connection (and fails with
    /// <see cref="MqttClientNotConnectedException"/> without one). QoS 1 / 2 first wait for a slot in the
    /// in-flight window, then complete when PUBACK / PUBCOMP arrives — across reconnects, since unacknowledged
    /// messages are resent. Cancelling only stops the wait: a message already handed over stays in flight.
    /// Invalid arguments throw at once; every other failure comes through the returned task.</summary>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload,
        MqttQualityOfService qualityOfService = MqttQualityOfService.AtMostOnce, bool retain = false,
        CancellationToken cancellationToken = default)
    {
        ValidatePublish(topic, payload, qualityOfService);
        if (qualityOfService == MqttQualityOfService.AtMostOnce)
        {
            return PublishAtMostOnceAsync(new MqttPublishPacket { Topic = topic, Payload = payload, Retain = retain }, cancellationToken);
        }

        // Not async while a slot is free: the hot path allocates no state machine, only the flight.
        if (!_inFlightWindow.Wait(0))
        {
            return PublishWhenSlotFreesAsync(topic, payload, qualityOfService, retain, cancellationToken);
        }

        try
        {
            return Acknowledgement(StartFlight(topic, payload, qualityOfService, retain), cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private async Task PublishAtMostOnceAsync(MqttPublishPacket packet, CancellationToken cancellationToken)
    {
        MqttClientConnection? connection;
        lock (_sessionLock)
        {
            connection = _connection;
        }

        if (connection is null)
        {
            throw new MqttClientNotConnectedException($"Not connected; the QoS 0 message to '{packet.Topic}' was not sent.");
        }

        await connection.SendQos0Async(packet, cancellationToken);
    }

    private async Task PublishWhenSlotFreesAsync(string topic, ReadOnlyMemory<byte> payload,
        MqttQualityOfService qualityOfService, bool retain, CancellationToken cancellationToken)
    {
        await _inFlightWindow.WaitAsync(cancellationToken);
        await Acknowledgement(StartFlight(topic, payload, qualityOfService, retain), cancellationToken);
    }

    /// <summary>Records the publish in the session and queues it on the live connection, if any. Called holding
    /// a slot of the in-flight window, which it gives back if the flight cannot start.</summary>
    private OutboundFlight StartFlight(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qualityOfService, bool retain)
    {
        try
        {
            lock (_sessionLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_state == MqttClientState.Disconnected)
                {
                    throw new MqttClientNotConnectedException($"Not connected; the message to '{topic}' was not sent.");
                }

                var flight = _flights.Add(new MqttPublishPacket
                {
                    PacketIdentifier = _packetIdentifiers.Rent(),
                    Topic = topic,
                    Payload = payload,
                    QualityOfService = qualityOfService,
                    Retain = retain,
                });
                if (_connection?.TrySend(flight.Packet) == true)
                {
                    flight.MarkSent();
                }

                return flight;
            }
        }
        catch
        {
            _inFlightWindow.Release();
            throw;
        }
    }

    private static Task Acknowledgement(OutboundFlight flight, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? flight.Completion.Task.WaitAsync(cancellationToken) : flight.Completion.Task;

    private static void ValidatePublish(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qualityOfService)
    {
        ArgumentNullException.ThrowIfNull(topic);
        MqttTopicName.Validate(topic);
        if (!Enum.IsDefined(qualityOfService))
        {
            throw new ArgumentOutOfRangeException(nameof(qualityOfService), qualityOfService, "QoS must be 0, 1 or 2.");
        }

        // Topic length prefix + up to 65535 topic bytes + packet identifier must fit beside the payload.
        if (payload.Length > MqttRemainingLength.Maximum - 2 - MqttUtf8.MaximumByteCount - 2)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "The payload is larger than an MQTT packet can carry.");
        }
    }

    private void CompleteFlight(ushort identifier, MqttQualityOfService qualityOfService)
    {
        OutboundFlight? flight;
        lock (_sessionLock)
        {
            flight = _flights.Complete(identifier, qualityOfService);
            if (flight is not null)
            {
                _packetIdentifiers.Return(identifier);
            }
        }

        if (flight is null)
        {
            _logger.Log(MqttClientLogLevel.Warning, $"Ignored a QoS {(int)qualityOfService} acknowledgement for unknown packet identifier {identifier}.");
            return;
        }

        flight.Completion.TrySetResult();
        _inFlightWindow.Release();
    }

    /// <summary>The application gave up the session: fail every unacknowledged publish and free its slot.</summary>
    private void AbandonFlights()
    {
        OutboundFlight[] abandoned;
        lock (_sessionLock)
        {
            abandoned = _flights.RemoveAll();
            foreach (var flight in abandoned)
            {
                _packetIdentifiers.Return(flight.PacketIdentifier);
            }
        }

        foreach (var flight in abandoned)
        {
            flight.Abandon();
            _inFlightWindow.Release();
        }
    }
}
