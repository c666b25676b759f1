namespace ShareKey.Mqtt.Client;

/// <summary>What CONNACK said. <see cref="SessionPresent"/> false on a persistent session means the broker
/// had lost it: subscriptions made earlier were sent again by the client, but messages queued on the broker are gone.</summary>
public sealed record MqttConnectResult(bool SessionPresent);
