using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;
using ShareKey.Simulator.Tests.Ble.Support;

namespace ShareKey.Simulator.Tests.Ble;

/// <summary>
/// The server is attacker-facing: each malformed record gets a Malformed error and a close, before
/// the device is asked anything; the server logs a warning (the phone's fault), never an error.
/// </summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string, byte[]> Corpus => new()
    {
        { "unknown type", [0x42, 0x00, 0x00] },
        { "device-to-phone type", [0x83, 0x00, 0x01, 0x00] },
        { "error record from the phone", [0xFF, 0x00, 0x01, 0x01] },
        { "body longer than any record", [0x02, 0x02, 0x11, .. new byte[529]] },
        { "largest length field", [0x02, 0xFF, 0xFF] },
        { "read with a body", [0x01, 0x00, 0x01, 0x00] },
        { "write without sample count", [0x02, 0x00, 0x00] },
        { "write with 16 samples", [0x02, 0x00, 0x12, 0x10, .. new byte[17]] },
        { "write with samples but no frame", [0x02, 0x00, 0x03, 0x02, 0xC0, 0xC0] },
        { "write frame of 513 bytes", [0x02, 0x02, 0x02, 0x00, .. new byte[513]] },
        { "header cut short", [0x02, 0x00] },
        { "body cut short", [0x02, 0x00, 0x10, 0x00, 0x01] },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_malformed_record_is_refused_without_reaching_the_device(string name, byte[] bytes)
    {
        await using BridgeFixture bridge = new();

        List<BridgeRecord> answer = RawPeer.Records(await RawPeer.ExchangeAsync(bridge.Server.EndPoint, bytes));

        BridgeRecord error = Assert.Single(answer);
        Assert.True(error.Type == RecordType.Error, $"{name}: answered {error.Type}");
        Assert.Equal([(byte)BridgeErrorCode.Malformed], error.Body);
        Assert.Empty(bridge.Peripheral.Commands);
        Assert.Contains(bridge.Log, entry => entry.Level == BridgeLogLevel.Warning);
        await using BridgeClient next = await bridge.ConnectAsync();
        Assert.NotNull(await next.ReadChallengeAsync());
    }

    [Fact]
    public async Task A_valid_record_before_a_bad_one_is_answered_first()
    {
        await using BridgeFixture bridge = new();

        List<BridgeRecord> answer = RawPeer.Records(await RawPeer.ExchangeAsync(bridge.Server.EndPoint, [0x01, 0x00, 0x00, 0x42, 0x00, 0x00]));

        Assert.Equal([RecordType.ChallengeValue, RecordType.Error], answer.Select(r => r.Type));
    }
}
