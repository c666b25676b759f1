using FsCheck;
using FsCheck.Fluent;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Codec;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Random packets — valid ones of every type in any order, and mutated ones — from a connected client. Whatever
/// arrives, the broker may answer or close that connection, but must log no error (an unexpected exception inside
/// it) and must keep serving everyone else.
/// </summary>
public sealed class BrokerFuzzTests
{
    [Fact]
    public async Task Random_and_mutated_packets_never_hurt_the_broker()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxPacketSize = 8 * 1024 });
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "healthy-sub");
        await subscriber.SubscribeAsync("health");
        var encoder = new MqttPacketEncoder();
        var sessions = (from packets in PacketGenerators.Packet.ListOf()
                        from mutate in Gen.Elements(false, true)
                        from position in Gen.Choose(0, 1_000)
                        from value in Gen.Choose(0, 255)
                        select Bytes(encoder, packets, mutate, position, (byte)value)).Sample(150, 30);

        Assert.Equal(150, sessions.Length);
        var id = 0;
        foreach (var bytes in sessions)
        {
            await using var client = await RawMqttClient.ConnectedAsync(broker.Port, $"fuzz-{id++}");
            await client.SendAsync(bytes);
            client.ShutdownSend();
            await client.WaitClosedAsync();
        }

        // Random sequences nearly always contain something a client may not send; the fuzz must have reached it.
        Assert.True(broker.Counters.ProtocolErrors > 0);
        broker.Broker.Publish(new("health", new byte[] { 1 }, MqttQualityOfService.AtMostOnce, retain: false));
        Assert.Equal(new byte[] { 1 }, (await subscriber.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
    }

    private static byte[] Bytes(MqttPacketEncoder encoder, List<MqttPacket> packets, bool mutate, int position, byte value)
    {
        var bytes = packets.SelectMany(encoder.Encode).ToArray();
        if (mutate && bytes.Length > 0)
        {
            bytes[position % bytes.Length] = value;
        }
        return bytes;
    }
}
