using System.Net;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>The usage example of <c>cloud/Mqtt/README.md</c>, compiled and run, so the README cannot rot.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_README_example_runs()
    {
        // --- README: start ---
        await using var broker = new MqttBroker(new MqttBrokerOptions
        {
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Authenticator = new DevicePasswords(),
            Authorizer = new OwnTopicsOnly(),
        });
        await broker.StartAsync();

        // The service side publishes without a socket: no authorisation, same routing.
        broker.Publish(new MqttApplicationMessage("sk/dev1/down", new byte[] { 0x01 }, MqttQualityOfService.AtLeastOnce, retain: false));
        // --- README: end ---

        var counters = broker.GetCounters();
        Assert.Equal(0, counters.MessagesOut);
        await broker.StopAsync();
    }

    // --- README: plug-ins ---
    private sealed class DevicePasswords : IMqttAuthenticator
    {
        public ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.Username == request.ClientId && request.Password is { Length: > 0 }
                ? MqttConnectReturnCode.Accepted
                : MqttConnectReturnCode.BadUserNameOrPassword);
    }

    private sealed class OwnTopicsOnly : IMqttAuthorizer
    {
        public bool CanPublish(MqttClientIdentity client, string topic) => topic == $"sk/{client.ClientId}/up";

        public bool CanSubscribe(MqttClientIdentity client, string topicFilter) => topicFilter == $"sk/{client.ClientId}/down";
    }
    // --- README: plug-ins end ---
}
