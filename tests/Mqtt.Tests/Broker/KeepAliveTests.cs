using System.Diagnostics;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Keep-alive (MQTT 3.1.1 §3.1.2.10): a silent client is dropped after 1.5 × its keep-alive, not before.</summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task A_silent_client_is_closed_after_one_and_a_half_keep_alives_and_its_will_published()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await RawMqttClient.ConnectedAsync(broker.Port, "watcher");
        await watcher.SubscribeAsync("status");
        var clock = Stopwatch.StartNew();
        await using var silent = await RawMqttClient.ConnectedAsync(broker.Port, "silent", keepAlive: 1,
            will: new MqttWill { Topic = "status", Payload = "timeout"u8.ToArray() });

        await silent.WaitClosedAsync();

        // Only a lower bound: the broker must never close early. How late it is depends on the machine.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1500), $"closed after {clock.Elapsed}");
        await broker.Log.WaitForAsync("client silent: nothing received for");
        Assert.Equal("timeout"u8.ToArray(), (await watcher.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
    }

    [Fact]
    public async Task PINGREQ_is_answered_and_keeps_the_connection()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await RawMqttClient.ConnectedAsync(broker.Port, "pinger", keepAlive: 1);
        // Five pings half a keep-alive apart span more than 1.5 × keep-alive; pinging at that rhythm is the
        // protocol's own pacing, not a wait for the broker, and leaves a full second of slack for a busy machine.
        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(MqttPingReqPacket.Instance);
            await client.ReceiveAsync<MqttPingRespPacket>();
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        Assert.Equal(1, broker.Counters.ConnectionsCurrent);
    }
}
