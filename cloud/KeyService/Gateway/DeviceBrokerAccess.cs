using System.Security.Cryptography;
using System.Text;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Gateway;

/// <summary>
/// Who may use the in-process broker, and for what (docs/architecture.md §5). A device logs in with its id
/// as client id and user name and the password derived from its root key, and may only publish to
/// its own up topic and subscribe to its own down topic. The service logs in with an account whose
/// password is derived from the master key, so every instance sharing the master key can log in.
/// </summary>
public sealed class DeviceBrokerAccess(IKeyStore store, DeviceCrypto crypto, string servicePassword) : IMqttAuthenticator, IMqttAuthorizer
{
    public const string ServiceUser = "keyservice";

    /// <summary>The service account's password: an HMAC under the key derived from the master key for it (MasterKeyDerivation), never stored.</summary>
    public static string ServicePasswordFrom(byte[] brokerServiceKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(brokerServiceKey, Encoding.ASCII.GetBytes("sharekey/mqtt-service-account"))[..16]);

    public async ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var password = request.Password ?? [];
        if (request.Username == ServiceUser)
        {
            return request.ClientId.StartsWith(ServiceUser, StringComparison.Ordinal) && FixedTimeEquals(password, servicePassword)
                ? MqttConnectReturnCode.Accepted
                : MqttConnectReturnCode.BadUserNameOrPassword;
        }

        // The client id is the device id exactly as board files write it (16 lower-case hex digits): "…AB" and "…ab"
        // would otherwise be two sessions, and two topic trees, of one device.
        if (request.Username is null || request.Username != request.ClientId || !Hex.TryParseId(request.ClientId, out var deviceId) ||
            deviceId == 0 || request.ClientId != DeviceTopics.IdText(deviceId))
        {
            return MqttConnectReturnCode.BadUserNameOrPassword;
        }

        // A read session: a CONNECT must not queue behind the writer (SQLite's one write transaction at
        // a time), or a burst of writes could hold it past the broker's connect deadline.
        await using var session = await store.BeginReadAsync(cancellationToken);
        var device = await session.Devices.GetAsync(deviceId, forUpdate: false, cancellationToken);
        var usable = device is { State: DeviceState.Active };
        // Unknown, retired and real devices take the same steps and get the same answer, so neither the code nor the
        // time of the refusal tells an attacker which device ids exist.
        var matches = FixedTimeEquals(password, crypto.FreshMqttPassword(usable ? device : null));
        return usable && matches ? MqttConnectReturnCode.Accepted : MqttConnectReturnCode.BadUserNameOrPassword;
    }

    public bool CanPublish(MqttClientIdentity client, string topic) =>
        client.Username == ServiceUser ? IsDownTopic(topic) : topic == $"sk/{client.ClientId}/up";

    public bool CanSubscribe(MqttClientIdentity client, string topicFilter) =>
        client.Username == ServiceUser
            ? topicFilter == DeviceTopics.UpFilter || (topicFilter.StartsWith("$share/", StringComparison.Ordinal) && topicFilter.EndsWith("/" + DeviceTopics.UpFilter, StringComparison.Ordinal))
            : topicFilter == $"sk/{client.ClientId}/down";

    private static bool IsDownTopic(string topic) =>
        topic.Length == 3 + 16 + 5 && topic.StartsWith("sk/", StringComparison.Ordinal) && topic.EndsWith("/down", StringComparison.Ordinal);

    private static bool FixedTimeEquals(byte[] given, string expected) =>
        CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(expected));
}
