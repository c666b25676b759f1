using System.Text;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

// Opening connections, resuming the session on each, and reconnecting when one is lost.
public sealed partial class MqttClient
{
    private async Task<(MqttClientConnection Connection, MqttConnectResult Result)> EstablishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        MqttClientConnection? connection = null;
        try
        {
            var stream = await MqttTransport.ConnectAsync(_options, timeout.Token);
            connection = new MqttClientConnection(stream, _encoder, _decoder,
                new KeepAliveMonitor(_options.KeepAlivePeriod, _options.PingResponseTimeout));
            connection.TrySend(BuildConnectPacket());
            var answer = await connection.ReadAsync(timeout.Token)
                ?? throw new MqttClientNotConnectedException("The broker closed the connection instead of answering CONNECT.");
            if (answer is not MqttConnAckPacket connAck)
            {
                throw new MqttProtocolException(MqttProtocolError.ProtocolViolation, "MQTT-3.2.0-1",
                    $"the broker's first packet was {answer.Type}, not CONNACK");
            }

            if (connAck.ReturnCode != MqttConnectReturnCode.Accepted)
            {
                throw new MqttConnectRefusedException(connAck.ReturnCode);
            }

            ResumeSession(connection, connAck.SessionPresent, cancellationToken);
            _logger.Log(MqttClientLogLevel.Information,
                $"Connected to {_options.Host}:{_options.Port} as '{_options.ClientId}', session present: {connAck.SessionPresent}.");
            return (connection, new MqttConnectResult(connAck.SessionPresent));
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(connection);
            throw new TimeoutException($"No CONNACK from {_options.Host}:{_options.Port} within {_options.ConnectTimeout}.", e);
        }
        catch
        {
            await DisposeQuietlyAsync(connection);
            throw;
        }
    }

    private MqttConnectPacket BuildConnectPacket() => new()
    {
        ClientId = _options.ClientId,
        CleanSession = _options.CleanSession,
        KeepAliveSeconds = (ushort)Math.Ceiling(_options.KeepAlivePeriod.TotalSeconds),
        Will = _options.Will,
        Username = _options.Username,
        Password = _options.Password is null ? null : Encoding.UTF8.GetBytes(_options.Password),
    };

    /// <summary>Puts the session back on a fresh connection before anything new can go out on it: subscriptions
    /// if the broker lost them, then every unacknowledged PUBLISH (DUP=1 if it went out before) and PUBREL, with
    /// the original packet identifiers, in the original order (§4.4, §4.6).</summary>
    private void ResumeSession(MqttClientConnection connection, bool sessionPresent, CancellationToken stopping)
    {
        if (!sessionPresent)
        {
            // The broker will never send PUBREL for messages of a session it no longer has.
            _qos2Receipts.Clear();
        }

        var resubscribe = sessionPresent ? [] : _subscriptions.Snapshot();
        lock (_sessionLock)
        {
            stopping.ThrowIfCancellationRequested();
            if (resubscribe.Length > 0)
            {
                var identifier = _packetIdentifiers.Rent();
                _ = LogResubscribeOutcomeAsync(_requests.Add(identifier, MqttPacketType.SubAck), resubscribe);
                connection.TrySend(new MqttSubscribePacket { PacketIdentifier = identifier, Subscriptions = resubscribe });
            }

            foreach (var flight in _flights.InResendOrder())
            {
                connection.TrySend(flight.PacketForResend());
                flight.MarkSent();
            }

            _connection = connection;
            _state = MqttClientState.Connected;
        }

        RaiseStateChanged(MqttClientState.Connected, null);
    }

    /// <summary>Runs connection after connection until <paramref name="stopping"/> is cancelled or a lost
    /// connection is not to be replaced.</summary>
    private async Task SuperviseAsync(MqttClientConnection connection, CancellationToken stopping)
    {
        while (true)
        {
            var reason = await RunConnectionAsync(connection);
            await connection.DisposeAsync();
            lock (_sessionLock)
            {
                _connection = null;
                foreach (var identifier in _requests.AbandonAll())
                {
                    _packetIdentifiers.Return(identifier);
                }
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            var level = reason is MqttProtocolException ? MqttClientLogLevel.Error : MqttClientLogLevel.Warning;
            _logger.Log(level, $"Connection to {_options.Host}:{_options.Port} lost.", reason);
            if (!_options.Reconnect.Enabled)
            {
                SetState(MqttClientState.Disconnected, reason);
                return;
            }

            SetState(MqttClientState.Reconnecting, reason);
            var next = await ReconnectAsync(stopping);
            if (next is null)
            {
                return;
            }

            connection = next;
        }
    }

    /// <summary>Retries with exponential backoff until connected; null when stopped first.</summary>
    private async Task<MqttClientConnection?> ReconnectAsync(CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Task.Delay(_options.Reconnect.DelayBeforeAttempt(attempt, Random.Shared), stopping);
                var (connection, _) = await EstablishAsync(stopping);
                return connection;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                _logger.Log(MqttClientLogLevel.Warning, $"Reconnect attempt {attempt + 1} failed.", e);
            }
        }
    }

    private async Task LogResubscribeOutcomeAsync(Task<MqttPacketWithIdentifier?> response, MqttTopicSubscription[] subscriptions)
    {
        if (await response is not MqttSubAckPacket subAck)
        {
            _logger.Log(MqttClientLogLevel.Warning, "The connection ended before the broker confirmed the resubscribe.");
            return;
        }

        for (var i = 0; i < subAck.ReturnCodes.Count && i < subscriptions.Length; i++)
        {
            if (subAck.ReturnCodes[i] == MqttSubscribeReturnCode.Failure)
            {
                _logger.Log(MqttClientLogLevel.Warning, $"The broker refused the resubscribe to '{subscriptions[i].TopicFilter}'.");
            }
        }
    }

    private static async ValueTask DisposeQuietlyAsync(MqttClientConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
