using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// The accounts of <see cref="TestUser"/> and the device rule the KeyService will apply: a device may touch only
/// <c>sk/{its id}/…</c>, the admin everything — the same policy the Mosquitto fixture configures, so tests can
/// compare the two brokers.
/// </summary>
public sealed class TestUserAccess : IMqttAuthenticator, IMqttAuthorizer
{
    public static readonly TestUserAccess Instance = new();

    public ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var user = TestUser.All.FirstOrDefault(u => u.Name == request.Username);
        var password = request.Password is null ? null : System.Text.Encoding.UTF8.GetString(request.Password);
        return ValueTask.FromResult(user is not null && user.Password == password
            ? MqttConnectReturnCode.Accepted
            : MqttConnectReturnCode.BadUserNameOrPassword);
    }

    public bool CanPublish(MqttClientIdentity client, string topic) => Allowed(client, topic);

    public bool CanSubscribe(MqttClientIdentity client, string topicFilter) =>
        Allowed(client, ShareKey.Mqtt.Topics.MqttSharedSubscription.TryParse(topicFilter, out var shared) ? shared!.Filter : topicFilter);

    // A filter is allowed only inside the device's own subtree, so "+"/"#" cannot reach other devices' topics.
    private static bool Allowed(MqttClientIdentity client, string topicOrFilter) =>
        client.Username == TestUser.Admin.Name ||
        (client.Username is { } name && topicOrFilter.StartsWith($"sk/{name}/", StringComparison.Ordinal));
}
