using System.Net;
using MQTTnet;
using MQTTnet.Protocol;
using ShareKey.Mqtt.Tests.Broker;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Interop;

/// <summary>MQTTnet's client — a second client we did not write — against our broker: the cases
/// <see cref="MosquittoClientInteropTests"/> runs with mosquitto_pub/mosquitto_sub.</summary>
public sealed class MqttNetClientInteropTests
{
    private static readonly TestUser Admin = TestUser.Admin;
    private static readonly TestUser Device1 = TestUser.Device1;

    [Theory]
    [InlineData(MqttQualityOfServiceLevel.AtMostOnce)]
    [InlineData(MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttQualityOfServiceLevel.ExactlyOnce)]
    public async Task Pub_to_sub_at_each_QoS(MqttQualityOfServiceLevel qos)
    {
        await using var broker = await StartAsync();
        await using var sub = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "interop-sub", Admin).Build());
        Assert.Equal((MqttClientSubscribeResultCode)qos, await sub.SubscribeAsync("sk/device-1/up", qos));
        await using var pub = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "interop-pub", Device1).Build());

        for (var i = 1; i <= 3; i++)
        {
            await pub.PublishAsync("sk/device-1/up", $"frame {i}", qos);
        }

        Assert.Equal(["sk/device-1/up frame 1", "sk/device-1/up frame 2", "sk/device-1/up frame 3"],
            [await sub.NextAsync(), await sub.NextAsync(), await sub.NextAsync()]);
        Assert.Equal(3, broker.Counters.MessagesIn);
    }

    [Fact]
    public async Task Retained_message_reaches_a_later_subscriber_and_an_empty_one_clears_it()
    {
        await using var broker = await StartAsync();
        await using var admin = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "interop-pub", Admin).Build());
        await admin.PublishAsync("state/lock", "locked", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);

        await using (var later = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "interop-sub", Admin).Build()))
        {
            await later.SubscribeAsync("state/#", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.Equal("state/lock locked", await later.NextAsync());
        }

        // QoS 1: the PUBACK means the broker has taken the empty retained message.
        await admin.PublishAsync("state/lock", "", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        Assert.Equal(0, broker.Counters.RetainedMessages);
    }

    [Fact]
    public async Task Wildcard_subscriptions_receive_exactly_the_matching_topics()
    {
        await using var broker = await StartAsync();
        await using var sub = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "interop-sub", Admin).Build());
        await sub.SubscribeAsync("sk/+/up", MqttQualityOfServiceLevel.AtLeastOnce);
        await sub.SubscribeAsync("fleet/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await using var admin = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "interop-pub", Admin).Build());

        foreach (var topic in new[] { "sk/a/up", "sk/a/down", "sk/a/up/extra", "fleet", "fleet/x/y", "sk/b/up" })
        {
            await admin.PublishAsync(topic, "m", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        Assert.Equal(["sk/a/up m", "fleet m", "fleet/x/y m", "sk/b/up m"],
            [await sub.NextAsync(), await sub.NextAsync(), await sub.NextAsync(), await sub.NextAsync()]);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_return_code_4()
    {
        await using var broker = await StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();

        var result = await ConnectOrRefusalAsync(client, MqttNetPeer.Options(broker.Port, "intruder", Device1 with { Password = "wrong" }).Build());

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
        Assert.Equal(1, broker.Counters.ConnectsRefused);
        await broker.Log.WaitForAsync("BadUserNameOrPassword");
    }

    [Fact]
    public async Task Forbidden_subscription_is_refused_and_forbidden_publish_is_not_delivered()
    {
        await using var broker = await StartAsync();
        await using var watcher = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "watcher", Admin).Build());
        await watcher.SubscribeAsync("sk/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await using var device1 = await MqttNetPeer.ConnectAsync(MqttNetPeer.Options(broker.Port, "device-1", Device1).Build());

        // 3.1.1 has one failure code, 0x80; MQTTnet reports it as unspecified.
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await device1.SubscribeAsync("sk/device-2/down", MqttQualityOfServiceLevel.AtLeastOnce));
        await device1.PublishAsync("sk/device-2/down", "forged", MqttQualityOfServiceLevel.AtLeastOnce);
        await device1.PublishAsync("sk/device-1/up", "own", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal("sk/device-1/up own", await watcher.NextAsync());
        Assert.Equal(1, broker.Counters.PublishesDenied);
        Assert.Equal(1, broker.Counters.SubscriptionsDenied);
    }

    [Fact]
    public async Task MQTT_5_client_is_told_the_protocol_version_is_unacceptable()
    {
        await using var broker = await StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();

        var result = await ConnectOrRefusalAsync(client, MqttNetPeer.Options(broker.Port, "v5", Admin).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());

        // We answer as 3.1.1 prescribes, CONNACK 0x01 [MQTT-3.1.2-2]; MQTTnet's 5.0 decoder hands that code through
        // as is (its 5.0 name for the refusal is 0x84), and the client is not connected.
        Assert.Equal(1, (int)result);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Pub_and_sub_over_TLS_verifying_our_certificate()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        await using var broker = await TestBroker.StartAsync(o => o with
        {
            TlsEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertificate = certificate,
            Authenticator = TestUserAccess.Instance,
            Authorizer = TestUserAccess.Instance,
        });
        var tlsPort = broker.Broker.TlsEndPoint!.Port;
        await using var sub = await MqttNetPeer.ConnectAsync(MqttNetPeer.WithTrust(MqttNetPeer.Options(tlsPort, "tls-sub", Admin), certificate, "localhost").Build());
        await sub.SubscribeAsync("sk/device-1/up", MqttQualityOfServiceLevel.AtLeastOnce);
        await using var pub = await MqttNetPeer.ConnectAsync(MqttNetPeer.WithTrust(MqttNetPeer.Options(tlsPort, "tls-pub", Device1), certificate, "localhost").Build());

        await pub.PublishAsync("sk/device-1/up", "sealed", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal("sk/device-1/up sealed", await sub.NextAsync());
        await broker.Log.WaitForAsync("client tls-pub: connected from 127.0.0.1:");
        Assert.Contains(broker.Log.Lines, line => line.Contains("client tls-pub: connected", StringComparison.Ordinal) && line.Contains("(TLS)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_the_client_does_not_trust_is_refused()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        using var stranger = SelfSignedCertificate.CreateForLoopback();
        await using var broker = await TestBroker.StartAsync(o => o with
        {
            TlsEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertificate = certificate,
            Authenticator = TestUserAccess.Instance,
            Authorizer = TestUserAccess.Instance,
        });
        using var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(
            MqttNetPeer.WithTrust(MqttNetPeer.Options(broker.Broker.TlsEndPoint!.Port, "tls-wrong", Device1), stranger, "localhost").Build(), timeout.Token));

        // .NET on Linux checks the server's certificate once the handshake is done, so the broker may see a finished
        // handshake and then a closed socket: what matters is that no CONNECT ever reached it.
        Assert.Contains(Causes(refused), e => e is System.Security.Authentication.AuthenticationException);
        Assert.False(client.IsConnected);
        Assert.DoesNotContain(broker.Log.Lines, line => line.Contains("tls-wrong", StringComparison.Ordinal));
        Assert.Equal(0, broker.Counters.Sessions);
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }

    /// <summary>The CONNACK code a refused CONNECT got, however MQTTnet reports it (result or exception).</summary>
    private static async Task<MqttClientConnectResultCode> ConnectOrRefusalAsync(IMqttClient client, MqttClientOptions options)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        var result = await client.ConnectAsync(options, timeout.Token);
        return result.ResultCode;
    }

    private static Task<TestBroker> StartAsync() => TestBroker.StartAsync(o => o with
    {
        Authenticator = TestUserAccess.Instance,
        Authorizer = TestUserAccess.Instance,
    });
}
