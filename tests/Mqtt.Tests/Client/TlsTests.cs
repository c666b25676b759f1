using System.Security.Authentication;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class TlsTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Connects_over_tls_to_a_pinned_self_signed_certificate(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var pinned = broker.ServerCertificate!.GetCertHashString();
        var options = TestClients.Options(environment, broker.Host, broker.TlsPort, TestUser.Device1) with
        {
            Tls = new MqttClientTlsOptions
            {
                TargetHost = "localhost",
                ServerCertificateValidation = (_, certificate, _, _) => certificate?.GetCertHashString() == pinned,
            },
        };
        var client = environment.Own(new MqttClient(options));
        var inbox = new MessageInbox(client);

        await client.ConnectAsync();
        await client.SubscribeAsync("sk/device-1/down", MqttQualityOfService.AtLeastOnce);
        await client.PublishTextAsync("sk/device-1/down", "over tls");

        Assert.Equal("over tls", await inbox.NextTextAsync());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task An_untrusted_certificate_fails_the_connect(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var options = TestClients.Options(environment, broker.Host, broker.TlsPort, TestUser.Device1) with
        {
            Tls = new MqttClientTlsOptions { TargetHost = "localhost" },
        };
        var client = environment.Own(new MqttClient(options));

        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync());
        Assert.Equal(MqttClientState.Disconnected, client.State);
    }
}
