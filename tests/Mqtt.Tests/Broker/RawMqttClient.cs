using System.Net;
using System.Net.Sockets;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// A codec-level test client: sends exactly the packets (or raw bytes) a test chooses and hands back exactly what
/// the broker sends, with no protocol logic of its own — so broker tests see the broker's behaviour unfiltered.
/// </summary>
public sealed class RawMqttClient : IAsyncDisposable
{
    private static readonly MqttPacketEncoder Encoder = new();
    private static readonly MqttPacketDecoder Decoder = new(MqttPacketDecoder.DefaultMaximumPacketSize);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _buffered;

    private RawMqttClient(Socket socket) => _socket = socket;

    /// <param name="from">A local address to connect from (any of 127.0.0.0/8 works on Linux); default: the system's choice.</param>
    public static async Task<RawMqttClient> OpenAsync(int port, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawMqttClient(socket);
    }

    /// <summary>Opens a socket, sends CONNECT and returns the CONNACK.</summary>
    public static async Task<(RawMqttClient Client, MqttConnAckPacket ConnAck)> ConnectAsync(int port, MqttConnectPacket connect)
    {
        var client = await OpenAsync(port);
        await client.SendAsync(connect);
        return (client, await client.ReceiveAsync<MqttConnAckPacket>());
    }

    /// <summary>Connects and insists on acceptance.</summary>
    public static async Task<RawMqttClient> ConnectedAsync(int port, string clientId, bool cleanSession = true,
        ushort keepAlive = 0, MqttWill? will = null)
    {
        var (client, connAck) = await ConnectAsync(port,
            new MqttConnectPacket { ClientId = clientId, CleanSession = cleanSession, KeepAliveSeconds = keepAlive, Will = will });
        Assert.Equal(MqttConnectReturnCode.Accepted, connAck.ReturnCode);
        return client;
    }

    public Task SendAsync(MqttPacket packet) => SendAsync(Encoder.Encode(packet));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    public async Task<T> ReceiveAsync<T>()
        where T : MqttPacket
    {
        var packet = await ReceiveAsync();
        return packet as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, received {packet}");
    }

    /// <summary>The next packet; throws if the broker closes the connection first or nothing arrives in time.</summary>
    public async Task<MqttPacket> ReceiveAsync() =>
        await TryReceiveAsync(TestTimeouts.Signal) ?? throw new Xunit.Sdk.XunitException("connection closed by the broker");

    /// <summary>Subscribes and checks the SUBACK grants what was asked.</summary>
    public async Task SubscribeAsync(string filter, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, ushort id = 1)
    {
        await SendAsync(new MqttSubscribePacket { PacketIdentifier = id, Subscriptions = [new(filter, qos)] });
        var subAck = await ReceiveAsync<MqttSubAckPacket>();
        Assert.Equal(id, subAck.PacketIdentifier);
        Assert.Equal([(MqttSubscribeReturnCode)qos], subAck.ReturnCodes);
    }

    /// <summary>Null when the broker closed the connection; throws <see cref="TimeoutException"/> when nothing came.</summary>
    public async Task<MqttPacket?> TryReceiveAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Decoder.TryDecode(_buffer.AsSpan(0, _buffered), out var packet, out var consumed))
            {
                _buffer.AsSpan(consumed, _buffered - consumed).CopyTo(_buffer);
                _buffered -= consumed;
                return packet;
            }
            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_buffered), SocketFlags.None, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nothing received within {timeout}");
            }
            catch (SocketException)
            {
                return null;
            }
            if (read == 0)
            {
                return null;
            }
            _buffered += read;
        }
    }

    /// <summary>Completes when the broker closes the connection; packets arriving before that are skipped.</summary>
    public async Task WaitClosedAsync()
    {
        while (await TryReceiveAsync(TestTimeouts.Signal) is not null)
        {
        }
    }

    /// <summary>True if no packet arrives within <see cref="TestTimeouts.Absence"/>.</summary>
    public async Task<bool> ReceivesNothingAsync()
    {
        try
        {
            return await TryReceiveAsync(TestTimeouts.Absence) is null;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    /// <summary>Drops the socket without DISCONNECT, as a crashed device would (RST, not FIN).</summary>
    public void Kill()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>Half-closes: the broker sees end of stream after what was sent, as when a device powers off cleanly.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public async Task DisconnectAsync()
    {
        await SendAsync(MqttDisconnectPacket.Instance);
        ShutdownSend();
        await WaitClosedAsync();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
