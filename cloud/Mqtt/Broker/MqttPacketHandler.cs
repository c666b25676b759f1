using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// What the broker does with each packet a client sends (MQTT 3.1.1 §3, server side), one method per type. Runs on
/// the connection's read loop, so packets of one client are handled in order.
/// </summary>
internal sealed class MqttPacketHandler
{
    private readonly MqttBrokerCore _core;
    private readonly MqttConnection _connection;
    private MqttSession? _session;
    private MqttWill? _will;
    private bool _denialLogged;

    public MqttPacketHandler(MqttBrokerCore core, MqttConnection connection)
    {
        _core = core;
        _connection = connection;
    }

    /// <summary>Set once CONNECT is accepted.</summary>
    public MqttClientIdentity? Identity { get; private set; }

    /// <summary>Returns false when the connection must close (DISCONNECT, refused CONNECT).</summary>
    public ValueTask<bool> HandleAsync(MqttPacket packet)
    {
        if (_session is null)
        {
            return packet is MqttConnectPacket connect
                ? ConnectAsync(connect)
                : throw Violation("MQTT-3.1.0-1", $"first packet is {packet.Type}, not CONNECT");
        }
        switch (packet)
        {
            case MqttPublishPacket publish:
                Publish(publish);
                break;
            case MqttPubAckPacket pubAck:
                _session.Acknowledge(pubAck.PacketIdentifier);
                break;
            case MqttPubRecPacket pubRec:
                _session.Received(pubRec.PacketIdentifier);
                break;
            case MqttPubRelPacket pubRel:
                _session.ReleaseIncoming(pubRel.PacketIdentifier);
                _connection.Writer.Send(new MqttPubCompPacket { PacketIdentifier = pubRel.PacketIdentifier });
                break;
            case MqttPubCompPacket pubComp:
                _session.Complete(pubComp.PacketIdentifier);
                break;
            case MqttSubscribePacket subscribe:
                Subscribe(subscribe);
                break;
            case MqttUnsubscribePacket unsubscribe:
                Unsubscribe(unsubscribe);
                break;
            case MqttPingReqPacket:
                _connection.Writer.Send(MqttPingRespPacket.Instance);
                break;
            case MqttDisconnectPacket:
                // [MQTT-3.14.4-3]: the will is discarded on DISCONNECT.
                _will = null;
                _connection.SetCloseReason(MqttCloseReason.ClientDisconnected);
                return ValueTask.FromResult(false);
            case MqttConnectPacket:
                throw Violation("MQTT-3.1.0-2", "second CONNECT on one connection");
            default:
                throw Violation("MQTT-2.2.1", $"{packet.Type} is sent only by servers");
        }
        return ValueTask.FromResult(true);
    }

    /// <summary>Queues CONNACK with a refusal; the connection closes once it is written.</summary>
    public void Refuse(MqttConnectReturnCode code)
    {
        Interlocked.Increment(ref _core.Metrics.ConnectsRefused);
        _connection.Writer.Send(new MqttConnAckPacket { ReturnCode = code });
        _connection.SetCloseReason(MqttCloseReason.Refused);
    }

    /// <summary>The connection ended: publish the will unless the client said goodbye, then release the session.</summary>
    public void OnClosed(MqttCloseReason reason)
    {
        if (_session is null)
        {
            return;
        }
        if (_will is { } will && reason is not (MqttCloseReason.ClientDisconnected or MqttCloseReason.BrokerShutdown))
        {
            _core.Logger.Log(MqttBrokerLogLevel.Debug, $"{_connection.Name}: publishing will to {will.Topic} ({reason})");
            RouteIfAllowed(new MqttApplicationMessage(will.Topic, will.Payload, will.QualityOfService, will.Retain));
        }
        _core.Sessions.Detach(_session, _connection, _connection.Writer);
        _core.Logger.Log(MqttBrokerLogLevel.Information, $"{_connection.Name}: disconnected ({reason})");
    }

    private async ValueTask<bool> ConnectAsync(MqttConnectPacket connect)
    {
        var clientId = connect.ClientId;
        if (clientId.Length == 0)
        {
            if (!connect.CleanSession)
            {
                // [MQTT-3.1.3-8]: a persistent session needs a client id to find it again.
                _core.Logger.Log(MqttBrokerLogLevel.Warning, $"{_connection.Name}: empty client id with clean session 0; refused");
                Refuse(MqttConnectReturnCode.IdentifierRejected);
                return false;
            }
            clientId = $"auto-{Guid.NewGuid():N}";
        }
        var code = await AuthenticateAsync(clientId, connect).ConfigureAwait(false);
        if (code != MqttConnectReturnCode.Accepted)
        {
            _core.Logger.Log(MqttBrokerLogLevel.Warning,
                $"{_connection.Name}: CONNECT from '{clientId}' (user {connect.Username ?? "none"}) refused: {code}");
            Refuse(code);
            return false;
        }

        Identity = new MqttClientIdentity(clientId, connect.Username, _connection.RemoteEndPoint);
        _connection.Authenticated();
        _will = connect.Will;
        _connection.IdleLimitMilliseconds = connect.KeepAliveSeconds * 1500L;
        var (session, present, previous) = _core.Sessions.Attach(clientId, connect.CleanSession, _connection);
        _session = session;
        if (previous is not null)
        {
            _core.Logger.Log(MqttBrokerLogLevel.Information,
                $"client {clientId}: new connection from {_connection.RemoteEndPoint} takes over the session; closing the old one");
            previous.Close(MqttCloseReason.TakenOver);
        }
        _connection.Writer.Send(new MqttConnAckPacket { SessionPresent = present });
        session.Resume(_connection.Writer);
        _core.Logger.Log(MqttBrokerLogLevel.Information,
            $"client {clientId}: connected from {_connection.RemoteEndPoint}{(_connection.IsTls ? " (TLS)" : "")}, " +
            $"clean session {connect.CleanSession}, keep-alive {connect.KeepAliveSeconds} s, session present {present}");
        return true;
    }

    private async ValueTask<MqttConnectReturnCode> AuthenticateAsync(string clientId, MqttConnectPacket connect)
    {
        var request = new MqttAuthenticationRequest(clientId, connect.Username, connect.Password, _connection.RemoteEndPoint, _connection.IsTls);
        try
        {
            return await _core.Options.Authenticator.AuthenticateAsync(request, _connection.Closing).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _core.Logger.Log(MqttBrokerLogLevel.Error, $"{_connection.Name}: authenticator failed; refusing as server unavailable", e);
            return MqttConnectReturnCode.ServerUnavailable;
        }
    }

    private void Publish(MqttPublishPacket publish)
    {
        Interlocked.Increment(ref _core.Metrics.MessagesIn);
        var message = new MqttApplicationMessage(publish.Topic, publish.Payload, publish.QualityOfService, publish.Retain);
        switch (publish.QualityOfService)
        {
            case MqttQualityOfService.AtMostOnce:
                RouteIfAllowed(message);
                break;
            case MqttQualityOfService.AtLeastOnce:
                RouteIfAllowed(message);
                _connection.Writer.Send(new MqttPubAckPacket { PacketIdentifier = publish.PacketIdentifier });
                break;
            default:
                // Delivered on first receipt, remembered until PUBREL so a resend is not delivered again (§4.3.3).
                switch (_session!.RegisterIncoming(publish.PacketIdentifier))
                {
                    case true:
                        RouteIfAllowed(message);
                        break;
                    case null:
                        throw new MqttProtocolException(MqttProtocolError.ProtocolViolation, "MQTT-4.3.3",
                            $"more than {_core.Options.MaxUnreleasedIncomingQos2PerClient} QoS 2 messages left without PUBREL");
                }
                _connection.Writer.Send(new MqttPubRecPacket { PacketIdentifier = publish.PacketIdentifier });
                break;
        }
    }

    private void RouteIfAllowed(MqttApplicationMessage message)
    {
        if (_core.Options.Authorizer.CanPublish(Identity!, message.Topic))
        {
            _core.Router.Route(message);
            return;
        }
        Interlocked.Increment(ref _core.Metrics.PublishesDenied);
        // One line per connection: a client retrying a forbidden topic must not flood the log.
        if (!_denialLogged)
        {
            _denialLogged = true;
            _core.Logger.Log(MqttBrokerLogLevel.Warning,
                $"{_connection.Name}: publish to '{message.Topic}' denied by the authoriser; dropped (further denials are only counted)");
        }
    }

    private void Subscribe(MqttSubscribePacket subscribe)
    {
        var codes = new MqttSubscribeReturnCode[subscribe.Subscriptions.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var (filter, qos) = (subscribe.Subscriptions[i].TopicFilter, subscribe.Subscriptions[i].QualityOfService);
            if (!_core.Options.Authorizer.CanSubscribe(Identity!, filter))
            {
                Interlocked.Increment(ref _core.Metrics.SubscriptionsDenied);
                _core.Logger.Log(MqttBrokerLogLevel.Warning, $"{_connection.Name}: subscription to '{filter}' denied by the authoriser");
                codes[i] = MqttSubscribeReturnCode.Failure;
                continue;
            }
            _session!.AddSubscription(filter, qos);
            codes[i] = (MqttSubscribeReturnCode)qos;
            _core.Logger.Log(MqttBrokerLogLevel.Debug, $"{_connection.Name}: subscribed to '{filter}' (QoS {(int)qos})");
        }
        _connection.Writer.Send(new MqttSubAckPacket { PacketIdentifier = subscribe.PacketIdentifier, ReturnCodes = codes });

        // Retained messages follow the SUBACK, with RETAIN set [MQTT-3.3.1-8]; shared subscriptions get none.
        for (var i = 0; i < codes.Length; i++)
        {
            var filter = subscribe.Subscriptions[i].TopicFilter;
            if (codes[i] == MqttSubscribeReturnCode.Failure || filter.StartsWith(MqttSharedSubscription.Prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var granted = subscribe.Subscriptions[i].QualityOfService;
            foreach (var retained in _core.Retained.Matching(filter))
            {
                _session!.Deliver(retained, MqttRouter.Lower(granted, retained.QualityOfService), retainFlag: true);
            }
        }
    }

    private void Unsubscribe(MqttUnsubscribePacket unsubscribe)
    {
        foreach (var filter in unsubscribe.TopicFilters)
        {
            _session!.RemoveSubscription(filter);
        }
        // Sent even when nothing matched [MQTT-3.10.4-5].
        _connection.Writer.Send(new MqttUnsubAckPacket { PacketIdentifier = unsubscribe.PacketIdentifier });
    }

    private static MqttProtocolException Violation(string rule, string detail) =>
        new(MqttProtocolError.ProtocolViolation, rule, detail);
}
