using System.Diagnostics;
using System.Globalization;
using System.Net;
using MQTTnet.Server;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Tests.Broker;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Benchmarks;

/// <summary>
/// A broker under measurement on a loopback port: ours in a child process (the fair comparison with mosquitto,
/// which also runs on its own), ours inside the benchmark process, Debian's mosquitto, or MQTTnet's server in a
/// child process. All enforce the same accounts and ACL (TestUser) and queue up to 10,000 messages per client.
/// </summary>
internal sealed class BenchTarget : IAsyncDisposable
{
    public const string ServeArgument = "--serve-broker";
    public const string ServeMqttNetArgument = "--serve-mqttnet";

    private readonly Func<ValueTask<string>> _stop;

    private BenchTarget(string name, int port, Func<ValueTask<string>> stop)
    {
        Name = name;
        Port = port;
        _stop = stop;
    }

    public string Name { get; }
    public int Port { get; }

    /// <summary>The broker's own counters after it stopped (ours only).</summary>
    public string FinalCounters { get; private set; } = "";

    public static MqttBroker CreateOurs(int inflight) => new(new MqttBrokerOptions
    {
        TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
        Authenticator = TestUserAccess.Instance,
        Authorizer = TestUserAccess.Instance,
        // The mosquitto fixture's max_queued_messages, so neither broker drops earlier than the other.
        MaxQueuedMessagesPerClient = 10_000,
        MaxInflightMessagesPerClient = inflight,
    });

    public static async Task<BenchTarget> StartOursInProcessAsync(int inflight)
    {
        var broker = CreateOurs(inflight);
        await broker.StartAsync();
        return new BenchTarget("ours, in the benchmark process", broker.TcpEndPoint!.Port, async () =>
        {
            await broker.DisposeAsync();
            return broker.GetCounters().ToString();
        });
    }

    /// <summary>Runs this program again with <see cref="ServeArgument"/>; it prints the port, serves until its
    /// standard input closes, then prints its counters.</summary>
    public static Task<BenchTarget> StartOursInChildProcessAsync(int inflight) =>
        StartChildAsync("ours, own process", [ServeArgument, inflight.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>MQTTnet's server in a child process (this program with <see cref="ServeMqttNetArgument"/>).</summary>
    public static Task<BenchTarget> StartMqttNetInChildProcessAsync() => StartChildAsync("MQTTnet 5.2, own process", [ServeMqttNetArgument]);

    private static async Task<BenchTarget> StartChildAsync(string name, string[] arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(BenchTarget).Assembly.Location, .. arguments])
            : new ProcessStartInfo(self, arguments);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the broker process");
        var portLine = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("the broker process exited before reporting its port");
        return new BenchTarget(name, int.Parse(portLine, CultureInfo.InvariantCulture), async () =>
        {
            child.StandardInput.Close();
            var counters = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            child.Dispose();
            return counters.Trim();
        });
    }

    public static async Task<BenchTarget> StartMosquittoAsync()
    {
        var mosquitto = await MosquittoBroker.StartAsync(new MosquittoOptions());
        return new BenchTarget("mosquitto, own process", mosquitto.Port, async () =>
        {
            await mosquitto.DisposeAsync();
            return "";
        });
    }

    /// <summary>The child side of <see cref="StartOursInChildProcessAsync"/>.</summary>
    public static async Task ServeAsync(int inflight)
    {
        await using var broker = CreateOurs(inflight);
        await broker.StartAsync();
        Console.WriteLine(broker.TcpEndPoint!.Port.ToString(CultureInfo.InvariantCulture));
        await Console.In.ReadToEndAsync();
        await broker.StopAsync();
        Console.WriteLine(broker.GetCounters());
    }

    /// <summary>The child side of <see cref="StartMqttNetInChildProcessAsync"/>: the same accounts and ACL, persistent
    /// sessions, 10,000 queued messages per client, dropping the oldest (as ours and the mosquitto fixture do).</summary>
    public static async Task ServeMqttNetAsync()
    {
        var port = FreeTcpPort.Next();
        var factory = new MqttServerFactory();
        using var server = factory.CreateMqttServer(factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(10_000)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build());
        MqttNetTestUserAccess.ApplyTo(server);
        await server.StartAsync();
        Console.WriteLine(port.ToString(CultureInfo.InvariantCulture));
        await Console.In.ReadToEndAsync();
        await server.StopAsync();
    }

    public async ValueTask DisposeAsync() => FinalCounters = await _stop();
}
