using System.Net;

namespace ShareKey.Mqtt.Broker;

/// <summary>Who a connected client is, as authenticated at CONNECT; handed to the authoriser on every check.</summary>
public sealed class MqttClientIdentity
{
    public MqttClientIdentity(string clientId, string? username, EndPoint? remoteEndPoint)
    {
        ClientId = clientId;
        Username = username;
        RemoteEndPoint = remoteEndPoint;
    }

    public string ClientId { get; }
    public string? Username { get; }
    public EndPoint? RemoteEndPoint { get; }

    public override string ToString() => $"{ClientId} ({Username ?? "anonymous"} from {RemoteEndPoint})";
}
