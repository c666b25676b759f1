using System.Net;
using System.Net.Sockets;
using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;

namespace ShareKey.Simulator.Tests.Ble.Support;

/// <summary>A hostile phone: writes arbitrary bytes to the server and reads whatever comes back until the server closes.</summary>
public static class RawPeer
{
    /// <summary>Sends <paramref name="bytes"/>, half-closes, and returns everything the server sent before closing.</summary>
    public static async Task<byte[]> ExchangeAsync(IPEndPoint endPoint, byte[] bytes)
    {
        using TcpClient tcp = new();
        await tcp.ConnectAsync(endPoint);
        NetworkStream stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes);
            tcp.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may close before reading everything (it stops at the first bad record).
        }

        using MemoryStream received = new();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(10));
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the server's last record is a close too.
        }

        return received.ToArray();
    }

    /// <summary>Splits what the server sent into records, asserting it is well formed and only of the server's types.</summary>
    public static List<BridgeRecord> Records(byte[] received)
    {
        List<BridgeRecord> records = [];
        int at = 0;
        while (at < received.Length)
        {
            Assert.True(received.Length - at >= 3, "a record header cut short");
            RecordType type = (RecordType)received[at];
            int length = (received[at + 1] << 8) | received[at + 2];
            Assert.True((byte)type >= 0x80, $"the server sent a phone's record type {type}");
            Assert.True(Enum.IsDefined(type));
            Assert.True(received.Length - at - 3 >= length, "a record body cut short");
            records.Add(new BridgeRecord(type, received[(at + 3)..(at + 3 + length)]));
            at += 3 + length;
        }

        return records;
    }
}
