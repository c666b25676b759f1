using System.Net;
using ShareKey.Mqtt.Broker;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Our broker on a free loopback port with a recording log; disposing stops it and fails on logged errors.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private TestBroker(MqttBroker broker, BrokerLog log)
    {
        Broker = broker;
        Log = log;
    }

    public MqttBroker Broker { get; }

    public BrokerLog Log { get; }

    public int Port => Broker.TcpEndPoint!.Port;

    public MqttBrokerCounters Counters => Broker.GetCounters();

    /// <summary>Starts a broker; <paramref name="configure"/> edits options (its endpoint is forced to loopback:0).</summary>
    public static async Task<TestBroker> StartAsync(Func<MqttBrokerOptions, MqttBrokerOptions>? configure = null)
    {
        var log = new BrokerLog();
        var options = new MqttBrokerOptions { TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Logger = log };
        if (configure is not null)
        {
            options = configure(options);
        }
        var broker = new MqttBroker(options);
        await broker.StartAsync();
        return new TestBroker(broker, log);
    }

    public Task<RawMqttClient> ConnectRawAsync() => RawMqttClient.OpenAsync(Port);

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        Log.ThrowIfErrors();
    }
}
