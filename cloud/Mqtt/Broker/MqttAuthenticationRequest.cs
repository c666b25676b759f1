using System.Net;

namespace ShareKey.Mqtt.Broker;

/// <summary>What a CONNECT presents for authentication.</summary>
public sealed class MqttAuthenticationRequest
{
    public MqttAuthenticationRequest(string clientId, string? username, byte[]? password, EndPoint? remoteEndPoint, bool isTls)
    {
        ClientId = clientId;
        Username = username;
        Password = password;
        RemoteEndPoint = remoteEndPoint;
        IsTls = isTls;
    }

    /// <summary>The client identifier; one the broker assigned if the client sent an empty one.</summary>
    public string ClientId { get; }
    public string? Username { get; }
    public byte[]? Password { get; }
    public EndPoint? RemoteEndPoint { get; }
    public bool IsTls { get; }
}
