using System.Collections.Concurrent;
using System.Text;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// The broker's view of who may connect (docs/architecture.md §5): each device with user name = client id =
/// its id and the password derived from its root key, on its own two topics only; the cloud on everything.
/// </summary>
public sealed class DeviceAccounts : IMqttAuthenticator, IMqttAuthorizer
{
    public const string CloudUser = "cloud";
    public const string CloudPassword = "cloud-secret";

    private readonly ConcurrentDictionary<string, string> _passwords = new();

    public void Add(TestDevice device) => _passwords[device.Id] = device.Secrets.MqttPassword;

    public ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken)
    {
        string password = request.Password is null ? string.Empty : Encoding.UTF8.GetString(request.Password);
        bool cloud = request.Username == CloudUser && password == CloudPassword;
        bool device = request.Username == request.ClientId && _passwords.TryGetValue(request.ClientId, out string? expected) && expected == password;
        return ValueTask.FromResult(cloud || device ? MqttConnectReturnCode.Accepted : MqttConnectReturnCode.BadUserNameOrPassword);
    }

    public bool CanPublish(MqttClientIdentity client, string topic) =>
        client.Username == CloudUser || topic == $"sk/{client.ClientId}/up";

    public bool CanSubscribe(MqttClientIdentity client, string topicFilter) =>
        client.Username == CloudUser || topicFilter == $"sk/{client.ClientId}/down";
}
