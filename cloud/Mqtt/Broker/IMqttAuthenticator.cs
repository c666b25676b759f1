using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Decides whether a CONNECT may proceed. Return <see cref="MqttConnectReturnCode.Accepted"/>, or the refusal the
/// client should see (usually <see cref="MqttConnectReturnCode.BadUserNameOrPassword"/> or
/// <see cref="MqttConnectReturnCode.NotAuthorized"/>). An exception refuses with ServerUnavailable and is logged
/// as an error.
/// </summary>
public interface IMqttAuthenticator
{
    ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken);
}

/// <summary>Accepts everyone; the default, fit only for loopback development.</summary>
public sealed class AllowAllAuthenticator : IMqttAuthenticator
{
    public static readonly AllowAllAuthenticator Instance = new();

    public ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(MqttConnectReturnCode.Accepted);
}
