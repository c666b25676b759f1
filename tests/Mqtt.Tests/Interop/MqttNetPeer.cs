using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;
using ShareKey.Mqtt.Tests.Broker;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Interop;

/// <summary>One MQTTnet client (MQTT 3.1.1 unless told otherwise) and what it received, as "topic payload" lines.</summary>
internal sealed class MqttNetPeer : IAsyncDisposable
{
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();

    private MqttNetPeer(IMqttClient client)
    {
        Client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite($"{e.ApplicationMessage.Topic} {e.ApplicationMessage.ConvertPayloadToString()}");
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public static MqttClientOptionsBuilder Options(int port, string clientId, TestUser user) =>
        new MqttClientFactory().CreateClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(user.Name, user.Password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithTimeout(TestTimeouts.Signal);

    /// <summary>TLS that trusts exactly <paramref name="authority"/> for the name <paramref name="host"/>.</summary>
    public static MqttClientOptionsBuilder WithTrust(MqttClientOptionsBuilder options, X509Certificate2 authority, string host) =>
        options.WithTlsOptions(tls => tls.UseTls().WithTargetHost(host).WithTrustChain([authority]));

    public static async Task<MqttNetPeer> ConnectAsync(MqttClientOptions options)
    {
        var peer = new MqttNetPeer(new MqttClientFactory().CreateMqttClient());
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        var result = await peer.Client.ConnectAsync(options, timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return peer;
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter, MqttQualityOfServiceLevel qos)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        var result = await Client.SubscribeAsync(filter, qos, timeout.Token);
        return Assert.Single(result.Items).ResultCode;
    }

    public async Task PublishAsync(string topic, string payload, MqttQualityOfServiceLevel qos, bool retain = false)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        var result = await Client.PublishStringAsync(topic, payload, qos, retain, timeout.Token);
        Assert.True(result.IsSuccess, $"publish to {topic}: {result.ReasonCode}");
    }

    public async Task<string> NextAsync() => await _received.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Signal);

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync(new MqttClientFactory().CreateClientDisconnectOptionsBuilder().Build());
        }
        Client.Dispose();
    }
}
