using System.Net;
using ShareKey.Mqtt.Broker;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Our broker on a free loopback port with a recording log; disposing stops it and fails the test on any logged
/// error or unobserved task exception (the broker runs fire-and-forget drains and connections; none may leak one).
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Exception> _unobserved = new();

    private TestBroker(MqttBroker broker, BrokerLog log)
    {
        Broker = broker;
        Log = log;
        TaskScheduler.UnobservedTaskException += OnUnobserved;
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
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
        Log.ThrowIfErrors();
        if (!_unobserved.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException("unobserved task exceptions: " + string.Join(Environment.NewLine, _unobserved));
        }
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        if (!Fixtures.PeerFaults.IsMqttNetOwn(e.Exception))
        {
            _unobserved.Enqueue(e.Exception);
        }
    }
}
