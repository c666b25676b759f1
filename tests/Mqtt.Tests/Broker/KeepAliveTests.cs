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
        await using var silent = await RawMqttClient.ConnectedAsync(broker.Port, "silent", keepAlive: 1);
        // The broker's own clock says when 1.5 × keep-alive has passed: the silent client, connected after the
        // pinger with the same keep-alive, is dropped. Until then the pinger pings on a keep-alive timer (every
        // half keep-alive, as clients do): keeping its side of the protocol, not waiting for the broker.
        var silenceNoticed = broker.Log.WaitForAsync("client silent: nothing received for");
        using var keepAliveTimer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        var pings = 0;
        while (!silenceNoticed.IsCompleted)
        {
            await client.SendAsync(MqttPingReqPacket.Instance);
            await client.ReceiveAsync<MqttPingRespPacket>();
            pings++;
            await Task.WhenAny(silenceNoticed, keepAliveTimer.WaitForNextTickAsync().AsTask());
        }

        await silenceNoticed;
        await silent.WaitClosedAsync();
        await client.SendAsync(MqttPingReqPacket.Instance);
        await client.ReceiveAsync<MqttPingRespPacket>();
        Assert.True(pings >= 2, $"{pings} ping(s) before the silent client was dropped");
        Assert.DoesNotContain(broker.Log.Lines, line => line.Contains("client pinger: nothing received for", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => broker.Counters.ConnectionsCurrent == 1, "the pinger alone connected", TestTimeouts.Signal);
    }
}
