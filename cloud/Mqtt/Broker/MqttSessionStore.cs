namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Sessions by client id, and the one place that decides which connection owns which session: CONNECTs for the
/// same id are serialised here, so a takeover is atomic.
/// </summary>
internal sealed class MqttSessionStore
{
    private readonly MqttBrokerCore _core;
    private readonly Dictionary<string, MqttSession> _sessions = new(StringComparer.Ordinal);

    public MqttSessionStore(MqttBrokerCore core) => _core = core;

    public int Count
    {
        get
        {
            lock (_sessions)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="connection"/> the session for <paramref name="clientId"/>: the existing one if clean
    /// session is 0, a fresh one otherwise [MQTT-3.1.2-4, -6]. Returns the connection that owned it before, which
    /// the caller must close [MQTT-3.1.4-2].
    /// </summary>
    public (MqttSession Session, bool SessionPresent, MqttConnection? Previous) Attach(
        string clientId, bool cleanSession, MqttConnection connection)
    {
        MqttSession? discarded = null;
        MqttSession session;
        MqttConnection? previous;
        bool present;
        lock (_sessions)
        {
            _sessions.TryGetValue(clientId, out var existing);
            previous = existing?.Owner;
            existing?.Suspend();
            if (existing is not null && !cleanSession && !existing.Clean)
            {
                session = existing;
                present = true;
            }
            else
            {
                discarded = existing;
                session = new MqttSession(clientId, cleanSession, _core);
                _sessions[clientId] = session;
                present = false;
            }
            session.Owner = connection;
        }
        discarded?.RemoveAllSubscriptions();
        return (session, present, previous);
    }

    /// <summary>The connection ended: the session goes offline, or away if it was a clean one — or if another
    /// connection replaced it with a fresh session meanwhile (a takeover with clean session 1), in which case
    /// anything this connection subscribed after the takeover must not linger in the tree.</summary>
    public void Detach(MqttSession session, MqttConnection connection, MqttConnectionWriter writer)
    {
        session.Suspend(writer);
        var discard = false;
        lock (_sessions)
        {
            if (session.Owner != connection)
            {
                return;
            }
            session.Owner = null;
            var current = _sessions.GetValueOrDefault(session.ClientId) == session;
            if (current && session.Clean)
            {
                _sessions.Remove(session.ClientId);
            }
            discard = session.Clean || !current;
        }
        if (discard)
        {
            session.RemoveAllSubscriptions();
        }
    }
}
