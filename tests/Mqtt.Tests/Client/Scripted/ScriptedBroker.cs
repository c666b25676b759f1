using System.IO.Pipelines;
using System.Threading.Channels;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client.Scripted;

/// <summary>Plays the broker in memory, through <see cref="MqttClientOptions.OpenStream"/>: every connection
/// the client opens is handed to the test as a <see cref="ScriptedConnection"/>. For wire-level rules a real
/// broker cannot be made to exercise on demand (resend order, DUP flags, malformed input).</summary>
internal sealed class ScriptedBroker
{
    private readonly Channel<ScriptedConnection> _connections = Channel.CreateUnbounded<ScriptedConnection>();

    public MqttClientOptions Options(TestEnvironment environment, bool cleanSession = true) => new()
    {
        Host = "scripted",
        ClientId = "scripted-client",
        CleanSession = cleanSession,
        Logger = new MqttErrorLog(environment),
        ConnectTimeout = Signals.Timeout,
        Reconnect = new MqttReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(100) },
        OpenStream = _ => Task.FromResult(Open()),
    };

    public async Task<ScriptedConnection> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync().AsTask().WaitAsync(Signals.Timeout);

    private Stream Open()
    {
        var toClient = new Pipe();
        var toBroker = new Pipe();
        _connections.Writer.TryWrite(new ScriptedConnection(toBroker.Reader, toClient.Writer));
        return new DuplexStream(toClient.Reader.AsStream(), toBroker.Writer.AsStream());
    }
}
