namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Per-client topic rights, asked on every PUBLISH (including the will) and every SUBSCRIBE filter. Called on the
/// connection's read path, so it must be quick and must not block. A denied PUBLISH is acknowledged as usual and
/// dropped (3.1.1 has no negative PUBACK); a denied filter gets SUBACK 0x80.
/// </summary>
public interface IMqttAuthorizer
{
    bool CanPublish(MqttClientIdentity client, string topic);

    /// <summary>The filter as sent, including any <c>$share/{group}/</c> prefix.</summary>
    bool CanSubscribe(MqttClientIdentity client, string topicFilter);
}

/// <summary>Allows every topic; the default.</summary>
public sealed class AllowAllAuthorizer : IMqttAuthorizer
{
    public static readonly AllowAllAuthorizer Instance = new();

    public bool CanPublish(MqttClientIdentity client, string topic) => true;

    public bool CanSubscribe(MqttClientIdentity client, string topicFilter) => true;
}
