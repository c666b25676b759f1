using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;
using ShareKey.Simulator.Tests.Ble.Support;

namespace ShareKey.Simulator.Tests.Ble;

/// <summary>
/// Random and mutated byte streams from many connections: the server answers only with its own
/// well-formed records, logs no error, never hands the device a malformed write, and keeps serving.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 300;

    [Fact]
    public async Task The_server_survives_random_and_mutated_input()
    {
        await using BridgeFixture bridge = new();
        Random random = new(20240601);
        for (int i = 0; i < Cases; i++)
        {
            byte[] input = i % 2 == 0 ? Noise(random) : Mutated(random);

            byte[] received = await RawPeer.ExchangeAsync(bridge.Server.EndPoint, input);

            List<BridgeRecord> records = RawPeer.Records(received);
            Assert.True(records.Count(r => r.Type == RecordType.Error) <= 1, $"case {i}: more than one error record");
            int error = records.FindIndex(r => r.Type == RecordType.Error);
            Assert.True(error == -1 || error == records.Count - 1, $"case {i}: records after the error");
        }

        Assert.All(bridge.Peripheral.Commands, command => Assert.InRange(command.Length, 1, RecordStream.MaxFrameLength));
        await using BridgeClient phone = await bridge.ConnectAsync();
        Assert.NotEmpty(await phone.WriteCommandAsync([7]));
    }

    private static byte[] Noise(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 700)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A valid session (read, write, read) with a few bytes flipped, dropped or inserted.</summary>
    private static byte[] Mutated(Random random)
    {
        byte[] write = new CommandWrite([-50, -50, -50], Enumerable.Range(0, random.Next(1, 100)).Select(b => (byte)b).ToArray()).ToBody();
        List<byte> bytes = [0x01, 0x00, 0x00, 0x02, (byte)(write.Length >> 8), (byte)write.Length, .. write, 0x01, 0x00, 0x00];
        for (int m = random.Next(1, 4); m > 0; m--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }
}
