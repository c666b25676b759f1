using System.Globalization;
using ShareKey.Mqtt.Tests.Broker;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Interop;

/// <summary>Debian's mosquitto_pub and mosquitto_sub against our broker: QoS 0/1/2, retained, wildcards,
/// refused passwords, forbidden topics, unsupported protocol versions.</summary>
public sealed class MosquittoClientInteropTests
{
    private static readonly TestUser Admin = TestUser.Admin;
    private static readonly TestUser Device1 = TestUser.Device1;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Pub_to_sub_at_each_QoS(int qos)
    {
        await using var broker = await StartAsync();
        var q = qos.ToString(CultureInfo.InvariantCulture);
        using var sub = MosquittoTools.Start(MosquittoTools.Sub,
            [.. MosquittoTools.Args(broker.Port, "interop-sub", Admin.Name, Admin.Password), "-t", "sk/device-1/up", "-q", q, "-C", "3", "-v"]);
        await broker.Log.WaitForAsync("client interop-sub: subscribed to 'sk/device-1/up'");

        for (var i = 1; i <= 3; i++)
        {
            var pub = await MosquittoTools.RunAsync(MosquittoTools.Pub,
                [.. MosquittoTools.Args(broker.Port, "interop-pub", Device1.Name, Device1.Password), "-t", "sk/device-1/up", "-q", q, "-m", $"frame {i}"]);
            Assert.True(pub.ExitCode == 0, pub.ToString());
        }

        var received = await sub.Exited;
        Assert.True(received.ExitCode == 0, received.ToString());
        Assert.Equal(["sk/device-1/up frame 1", "sk/device-1/up frame 2", "sk/device-1/up frame 3"], received.Lines);
        Assert.Equal(3, broker.Counters.MessagesIn);
    }

    [Fact]
    public async Task Retained_message_reaches_a_later_subscriber_and_an_empty_one_clears_it()
    {
        await using var broker = await StartAsync();
        var admin = MosquittoTools.Args(broker.Port, "interop-pub", Admin.Name, Admin.Password);
        Assert.Equal(0, (await MosquittoTools.RunAsync(MosquittoTools.Pub, [.. admin, "-t", "state/lock", "-m", "locked", "-r", "-q", "1"])).ExitCode);

        var first = await MosquittoTools.RunAsync(MosquittoTools.Sub,
            [.. MosquittoTools.Args(broker.Port, "interop-sub", Admin.Name, Admin.Password), "-t", "state/#", "-C", "1", "-v", "-q", "1"]);
        Assert.Equal(["state/lock locked"], first.Lines);

        // QoS 1, so mosquitto_pub exits only once the broker has taken the message.
        Assert.Equal(0, (await MosquittoTools.RunAsync(MosquittoTools.Pub, [.. admin, "-t", "state/lock", "-n", "-r", "-q", "1"])).ExitCode);
        Assert.Equal(0, broker.Counters.RetainedMessages);
    }

    [Fact]
    public async Task Wildcard_subscriptions_receive_exactly_the_matching_topics()
    {
        await using var broker = await StartAsync();
        using var sub = MosquittoTools.Start(MosquittoTools.Sub,
            [.. MosquittoTools.Args(broker.Port, "interop-sub", Admin.Name, Admin.Password), "-t", "sk/+/up", "-t", "fleet/#", "-C", "3", "-v", "-q", "1"]);
        await broker.Log.WaitForAsync("client interop-sub: subscribed to 'fleet/#'");
        var admin = MosquittoTools.Args(broker.Port, "interop-pub", Admin.Name, Admin.Password);

        foreach (var topic in new[] { "sk/a/up", "sk/a/down", "sk/a/up/extra", "fleet", "fleet/x/y", "sk/b/up" })
        {
            Assert.Equal(0, (await MosquittoTools.RunAsync(MosquittoTools.Pub, [.. admin, "-t", topic, "-m", "m", "-q", "1"])).ExitCode);
        }

        var received = await sub.Exited;
        Assert.Equal(["sk/a/up m", "fleet m", "fleet/x/y m"], received.Lines);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_return_code_4()
    {
        await using var broker = await StartAsync();

        var pub = await MosquittoTools.RunAsync(MosquittoTools.Pub,
            [.. MosquittoTools.Args(broker.Port, "intruder", Device1.Name, "wrong"), "-t", "sk/device-1/up", "-m", "x"]);

        Assert.NotEqual(0, pub.ExitCode);
        Assert.Contains("bad user name or password", pub.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, broker.Counters.ConnectsRefused);
        await broker.Log.WaitForAsync("BadUserNameOrPassword");
    }

    [Fact]
    public async Task Forbidden_subscription_is_refused_and_forbidden_publish_is_not_delivered()
    {
        await using var broker = await StartAsync();
        var deniedSub = await MosquittoTools.RunAsync(MosquittoTools.Sub,
            [.. MosquittoTools.Args(broker.Port, "nosy", Device1.Name, Device1.Password), "-t", "sk/device-2/down", "-C", "1"]);
        // mosquitto_sub 2.0 reports an all-0x80 SUBACK and quits (with exit code 0).
        Assert.Contains("All subscription requests were denied", deniedSub.Error + deniedSub.Output, StringComparison.Ordinal);

        using var watcher = MosquittoTools.Start(MosquittoTools.Sub,
            [.. MosquittoTools.Args(broker.Port, "watcher", Admin.Name, Admin.Password), "-t", "sk/#", "-C", "1", "-v", "-q", "1"]);
        await broker.Log.WaitForAsync("client watcher: subscribed to 'sk/#'");
        var device1 = MosquittoTools.Args(broker.Port, "device-1", Device1.Name, Device1.Password);
        Assert.Equal(0, (await MosquittoTools.RunAsync(MosquittoTools.Pub, [.. device1, "-t", "sk/device-2/down", "-m", "forged", "-q", "1"])).ExitCode);
        Assert.Equal(0, (await MosquittoTools.RunAsync(MosquittoTools.Pub, [.. device1, "-t", "sk/device-1/up", "-m", "own", "-q", "1"])).ExitCode);

        Assert.Equal(["sk/device-1/up own"], (await watcher.Exited).Lines);
        Assert.Equal(1, broker.Counters.PublishesDenied);
        Assert.Equal(1, broker.Counters.SubscriptionsDenied);
    }

    [Fact]
    public async Task MQTT_5_client_is_told_the_protocol_version_is_unacceptable()
    {
        await using var broker = await StartAsync();

        var pub = await MosquittoTools.RunAsync(MosquittoTools.Pub,
            [.. MosquittoTools.Args(broker.Port, "v5", Admin.Name, Admin.Password), "-V", "mqttv5", "-t", "t", "-m", "x"]);

        Assert.NotEqual(0, pub.ExitCode);
        Assert.Contains("protocol version", pub.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pub_and_sub_over_TLS_verifying_our_certificate()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        var directory = Directory.CreateTempSubdirectory("sharekey-interop-tls-");
        try
        {
            var caFile = Path.Combine(directory.FullName, "server.pem");
            SelfSignedCertificate.ExportPem(certificate, caFile, Path.Combine(directory.FullName, "server.key"));
            await using var broker = await TestBroker.StartAsync(o => o with
            {
                TlsEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
                TlsCertificate = certificate,
                Authenticator = TestUserAccess.Instance,
                Authorizer = TestUserAccess.Instance,
            });
            var tlsPort = broker.Broker.TlsEndPoint!.Port;
            using var sub = MosquittoTools.Start(MosquittoTools.Sub,
                [.. MosquittoTools.Args(tlsPort, "tls-sub", Admin.Name, Admin.Password), "--cafile", caFile, "-t", "sk/device-1/up", "-q", "1", "-C", "1", "-v"]);
            await broker.Log.WaitForAsync("client tls-sub: subscribed to 'sk/device-1/up'");

            var pub = await MosquittoTools.RunAsync(MosquittoTools.Pub,
                [.. MosquittoTools.Args(tlsPort, "tls-pub", Device1.Name, Device1.Password), "--cafile", caFile, "-t", "sk/device-1/up", "-q", "1", "-m", "sealed"]);

            Assert.True(pub.ExitCode == 0, pub.ToString());
            Assert.Equal(["sk/device-1/up sealed"], (await sub.Exited).Lines);
            await broker.Log.WaitForAsync("client tls-pub: connected from 127.0.0.1");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<TestBroker> StartAsync() => TestBroker.StartAsync(o => o with
    {
        Authenticator = TestUserAccess.Instance,
        Authorizer = TestUserAccess.Instance,
    });
}
