using System.IO.Pipelines;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Client.Scripted;

/// <summary>The broker's end of one in-memory connection: the test reads exactly what the client wrote and
/// answers packet by packet.</summary>
internal sealed class ScriptedConnection(PipeReader fromClient, PipeWriter toClient)
{
    private static readonly MqttPacketEncoder Encoder = new();
    private static readonly MqttPacketDecoder Decoder = new();

    /// <summary>The next packet the client sent; fails the test if none comes.</summary>
    public async Task<MqttPacket> ReadAsync()
    {
        using var deadline = new CancellationTokenSource(Signals.Timeout);
        while (true)
        {
            var result = await fromClient.ReadAsync(deadline.Token);
            if (Decoder.TryDecode(result.Buffer, out var packet, out var consumed))
            {
                fromClient.AdvanceTo(consumed);
                return packet;
            }

            if (result.IsCompleted)
            {
                throw new InvalidOperationException("The client closed the connection.");
            }

            fromClient.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public async Task<T> ReadAsync<T>()
        where T : MqttPacket
    {
        var packet = await ReadAsync();
        return packet as T ?? throw new InvalidOperationException($"Expected {typeof(T).Name}, the client sent {packet}.");
    }

    /// <summary>Reads the next packet, skipping keep-alive pings.</summary>
    public async Task<MqttPacket> ReadIgnoringPingsAsync()
    {
        while (true)
        {
            var packet = await ReadAsync();
            if (packet is not MqttPingReqPacket)
            {
                return packet;
            }
        }
    }

    public async Task SendAsync(params MqttPacket[] packets)
    {
        foreach (var packet in packets)
        {
            Encoder.Encode(packet, toClient);
        }

        await toClient.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await toClient.WriteAsync(bytes);
    }

    /// <summary>Reads CONNECT and accepts it.</summary>
    public async Task<MqttConnectPacket> AcceptConnectAsync(bool sessionPresent = false)
    {
        var connect = await ReadAsync<MqttConnectPacket>();
        await SendAsync(new MqttConnAckPacket { SessionPresent = sessionPresent, ReturnCode = MqttConnectReturnCode.Accepted });
        return connect;
    }

    /// <summary>Hangs up, as a broker that closes the socket.</summary>
    public async Task CloseAsync()
    {
        await toClient.CompleteAsync();
        await fromClient.CompleteAsync();
    }
}
