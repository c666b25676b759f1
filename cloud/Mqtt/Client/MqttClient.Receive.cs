using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

// The read loop: one packet at a time, in arrival order, so acknowledgements leave in arrival order too.
public sealed partial class MqttClient
{
    /// <summary>Reads until the connection ends; returns why it ended.</summary>
    private async Task<Exception> RunConnectionAsync(MqttClientConnection connection)
    {
        var keepAlive = WatchKeepAliveAsync(connection);
        Exception reason;
        try
        {
            while (true)
            {
                var packet = await connection.ReadAsync(connection.Closing);
                if (packet is null)
                {
                    reason = new MqttClientNotConnectedException("The broker closed the connection.");
                    break;
                }

                await HandleAsync(connection, packet);
            }
        }
        catch (Exception e)
        {
            // A read failing because we aborted (keep-alive, write error) is a symptom; the abort reason is the cause.
            reason = connection.AbortReason ?? e;
        }

        connection.Abort(reason);
        await keepAlive;
        return connection.AbortReason ?? reason;
    }

    private static async Task WatchKeepAliveAsync(MqttClientConnection connection)
    {
        if (await connection.KeepAlive.RunAsync(connection.TrySend, connection.Closing) is { } dead)
        {
            connection.Abort(dead);
        }
    }

    private ValueTask HandleAsync(MqttClientConnection connection, MqttPacket packet)
    {
        switch (packet)
        {
            case MqttPublishPacket publish:
                return ReceivePublishAsync(connection, publish);
            case MqttPubRelPacket pubRel:
                _qos2Receipts.Release(pubRel.PacketIdentifier);
                connection.TrySend(new MqttPubCompPacket { PacketIdentifier = pubRel.PacketIdentifier });
                break;
            case MqttPubAckPacket pubAck:
                CompleteFlight(pubAck.PacketIdentifier, MqttQualityOfService.AtLeastOnce);
                break;
            case MqttPubRecPacket pubRec:
                lock (_sessionLock)
                {
                    _flights.Release(pubRec.PacketIdentifier);
                }

                // Also for an identifier we do not know (§4.3.3): the broker needs PUBREL to forget it.
                connection.TrySend(new MqttPubRelPacket { PacketIdentifier = pubRec.PacketIdentifier });
                break;
            case MqttPubCompPacket pubComp:
                CompleteFlight(pubComp.PacketIdentifier, MqttQualityOfService.ExactlyOnce);
                break;
            case MqttSubAckPacket or MqttUnsubAckPacket:
                CompleteRequest((MqttPacketWithIdentifier)packet);
                break;
            case MqttPingRespPacket:
                break;
            default:
                throw new MqttProtocolException(MqttProtocolError.ProtocolViolation, "MQTT-3.1.0",
                    $"a broker never sends {packet.Type} to a client");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>QoS 1: deliver, then PUBACK. QoS 2: deliver on the first PUBLISH with an identifier and
    /// remember it until PUBREL, so a resent PUBLISH (after a lost PUBREC) is answered but not delivered
    /// again (§4.3.3, method B).</summary>
    private async ValueTask ReceivePublishAsync(MqttClientConnection connection, MqttPublishPacket publish)
    {
        switch (publish.QualityOfService)
        {
            case MqttQualityOfService.AtMostOnce:
                await DeliverAsync(connection, publish);
                break;
            case MqttQualityOfService.AtLeastOnce:
                await DeliverAsync(connection, publish);
                connection.TrySend(new MqttPubAckPacket { PacketIdentifier = publish.PacketIdentifier });
                break;
            default:
                if (_qos2Receipts.TryReceive(publish.PacketIdentifier))
                {
                    await DeliverAsync(connection, publish);
                }

                connection.TrySend(new MqttPubRecPacket { PacketIdentifier = publish.PacketIdentifier });
                break;
        }
    }

    private async ValueTask DeliverAsync(MqttClientConnection connection, MqttPublishPacket publish)
    {
        var message = new MqttReceivedMessage(publish.Topic, publish.Payload, publish.QualityOfService, publish.Retain, publish.Dup);
        var queued = _dispatcher.EnqueueAsync(message, connection.Closing);
        if (queued.IsCompleted)
        {
            await queued;
            return;
        }

        connection.KeepAlive.OnReaderPaused();
        try
        {
            await queued;
        }
        finally
        {
            connection.KeepAlive.OnReaderResumed();
        }
    }

    private void CompleteRequest(MqttPacketWithIdentifier answer)
    {
        lock (_sessionLock)
        {
            if (_requests.TryComplete(answer))
            {
                _packetIdentifiers.Return(answer.PacketIdentifier);
                return;
            }
        }

        _logger.Log(MqttClientLogLevel.Warning, $"Ignored {answer}: no request is waiting for it.");
    }
}
