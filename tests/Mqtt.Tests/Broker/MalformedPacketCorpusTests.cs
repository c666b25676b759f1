using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Codec;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Hostile bytes over raw TCP. Each case must end the attacker's connection — and only that one: a healthy
/// publisher/subscriber pair on the same broker keeps exchanging messages throughout.
/// </summary>
public sealed class MalformedPacketCorpusTests
{
    private const string ValidConnect = "10 0D 00 04 4D 51 54 54 04 02 00 00 00 01 78";

    /// <summary>Name, whether a valid CONNECT goes first, the hostile bytes.</summary>
    public static TheoryData<string, bool, string> Corpus => new()
    {
        { "garbage before CONNECT (HTTP request)", false, "47 45 54 20 2F 20 48 54 54 50 2F 31 2E 31 0D 0A" },
        { "TLS ClientHello on the plain port", false, "16 03 01 00 F1 01 00 00 ED 03 03" },
        { "first packet is not CONNECT", false, "30 03 00 01 61" },
        { "reserved packet type 0", true, "00 00" },
        { "reserved packet type 15", true, "F0 00" },
        { "remaining length of 5 bytes", true, "30 FF FF FF FF 7F" },
        { "non-minimal remaining length", true, "C0 80 00" },
        { "reserved flags on PINGREQ", true, "C1 00" },
        { "SUBSCRIBE without its 0010 flags", true, "80 06 00 01 00 01 61 00" },
        { "PUBREL without its 0010 flags", true, "60 02 00 01" },
        { "PUBLISH QoS 3", true, "36 05 00 01 61 00 01" },
        { "PUBLISH QoS 0 with DUP", true, "38 03 00 01 61" },
        { "PUBLISH QoS 1 missing packet id", true, "32 03 00 01 61" },
        { "PUBLISH packet id 0", true, "32 05 00 01 61 00 00" },
        { "PUBLISH bad UTF-8 topic", true, "30 05 00 03 61 C3 28" },
        { "PUBLISH encoded surrogate in topic", true, "30 05 00 03 ED A0 80" },
        { "PUBLISH U+0000 in topic", true, "30 05 00 03 61 00 62" },
        { "PUBLISH wildcard in topic", true, "30 03 00 01 23" },
        { "PUBLISH empty topic", true, "30 02 00 00" },
        { "PUBLISH topic length past the packet", true, "30 03 00 09 61" },
        { "oversize packet (header claims 1 MB)", true, "30 80 80 40" },
        { "second CONNECT", true, ValidConnect },
        { "CONNECT with reserved flag", false, "10 0D 00 04 4D 51 54 54 04 03 00 00 00 01 78" },
        { "CONNECT password without user name", false, "10 0D 00 04 4D 51 54 54 04 42 00 00 00 01 78" },
        { "CONNECT will QoS 3", false, "10 12 00 04 4D 51 54 54 04 1E 00 00 00 01 78 00 01 77 00 00" },
        { "CONNECT protocol name HTTP", false, "10 0D 00 04 48 54 54 50 04 02 00 00 00 01 78" },
        { "CONNECT truncated inside the client id", false, "10 0D 00 04 4D 51 54 54 04 02 00 00 00 05 78" },
        { "SUBSCRIBE with no filters", true, "82 02 00 01" },
        { "SUBSCRIBE misplaced '#'", true, "82 08 00 01 00 03 23 2F 61 00" },
        { "SUBSCRIBE requested QoS 3", true, "82 06 00 01 00 01 61 03" },
        { "SUBSCRIBE malformed shared group", true, "82 0C 00 01 00 07 24 73 68 61 72 65 2F 00" },
        { "UNSUBSCRIBE with no filters", true, "A2 02 00 01" },
        { "CONNACK from a client", true, "20 02 00 00" },
        { "SUBACK from a client", true, "90 03 00 01 00" },
        { "PINGRESP from a client", true, "D0 00" },
        { "PUBACK with trailing bytes", true, "40 03 00 01 00" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Each_case_closes_only_the_attacker(string name, bool connectFirst, string hostile)
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxPacketSize = 64 * 1024 });
        await using var healthy = await HealthyPairAsync(broker);

        await using var attacker = await broker.ConnectRawAsync();
        if (connectFirst)
        {
            await attacker.SendAsync(Hex.Bytes(ValidConnect));
            Assert.Equal(MqttConnectReturnCode.Accepted, (await attacker.ReceiveAsync<MqttConnAckPacket>()).ReturnCode);
        }
        await attacker.SendAsync(Hex.Bytes(hostile));
        await attacker.WaitClosedAsync();

        await healthy.ExchangeAsync(name);
        Assert.True(broker.Counters.ProtocolErrors >= 1, name);
    }

    [Fact]
    public async Task The_whole_corpus_at_once_leaves_a_steady_stream_intact()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxPacketSize = 64 * 1024 });
        await using var healthy = await HealthyPairAsync(broker);

        var attacks = Corpus.Select(async (row, index) =>
        {
            var (connectFirst, hostile) = ((bool)row[1], (string)row[2]);
            // A client id of its own ("A", "B", …) so attackers do not take over each other's sessions.
            var connect = ValidConnect.Replace("00 01 78", $"00 01 {0x41 + index:X2}", StringComparison.Ordinal);
            await using var attacker = await broker.ConnectRawAsync();
            await attacker.SendAsync(Hex.Bytes(connectFirst ? connect + " " + hostile : hostile));
            await attacker.WaitClosedAsync();
        }).ToList();
        var sent = 0;
        while (attacks.Any(a => !a.IsCompleted))
        {
            await healthy.ExchangeAsync($"steady {sent++}");
        }
        await Task.WhenAll(attacks);
        await healthy.ExchangeAsync("after");
    }

    private static async Task<HealthyPair> HealthyPairAsync(TestBroker broker)
    {
        var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "healthy-sub");
        await subscriber.SubscribeAsync("health", MqttQualityOfService.AtLeastOnce);
        var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "healthy-pub");
        return new HealthyPair(publisher, subscriber);
    }

    private sealed class HealthyPair(RawMqttClient publisher, RawMqttClient subscriber) : IAsyncDisposable
    {
        private ushort _id;

        public async Task ExchangeAsync(string text)
        {
            var payload = System.Text.Encoding.UTF8.GetBytes(text);
            _id = (ushort)(_id % ushort.MaxValue + 1);
            await publisher.SendAsync(new MqttPublishPacket { Topic = "health", Payload = payload, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = _id });
            await publisher.ReceiveAsync<MqttPubAckPacket>();
            var delivered = await subscriber.ReceiveAsync<MqttPublishPacket>();
            Assert.Equal(payload, delivered.Payload.ToArray());
            await subscriber.SendAsync(new MqttPubAckPacket { PacketIdentifier = delivered.PacketIdentifier });
        }

        public async ValueTask DisposeAsync()
        {
            await publisher.DisposeAsync();
            await subscriber.DisposeAsync();
        }
    }
}
