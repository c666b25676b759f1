using System.Net;
using ShareKey.Mqtt.Broker;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Our broker on a free loopback port with a recording log, in a test environment of its own; disposing stops it
/// and fails the test on any logged error or unobserved task exception (the broker runs fire-and-forget drains
/// and connections; none may leak one).
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    private TestBroker(MqttBroker broker, BrokerLog log, TestEnvironment environment)
    {
        Broker = broker;
        Log = log;
        Environment = environment;
    }

    /// <summary>The test's environment: where a test declares the broker errors it provokes.</summary>
    public TestEnvironment Environment { get; }

    public MqttBroker Broker { get; }

    public BrokerLog Log { get; }

    public int Port => Broker.TcpEndPoint!.Port;

    public MqttBrokerCounters Counters => Broker.GetCounters();

    /// <summary>Starts a broker; <paramref name="configure"/> edits options (its endpoint is forced to loopback:0).</summary>
    public static async Task<TestBroker> StartAsync(Func<MqttBrokerOptions, MqttBrokerOptions>? configure = null)
    {
        var environment = new TestEnvironment();
        var log = new BrokerLog(environment);
        var options = new MqttBrokerOptions { TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Logger = log };
        if (configure is not null)
        {
            options = configure(options);
        }
        var broker = environment.Own(new MqttBroker(options));
        try
        {
            await broker.StartAsync();
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }

        return new TestBroker(broker, log, environment);
    }

    public Task<RawMqttClient> ConnectRawAsync() => RawMqttClient.OpenAsync(Port);

    public ValueTask DisposeAsync() => Environment.DisposeAsync();
}
