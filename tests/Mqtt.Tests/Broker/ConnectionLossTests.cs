using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>A peer that vanishes while the broker is writing to it is cleaned up; nobody else notices.</summary>
public sealed class ConnectionLossTests
{
    [Fact]
    public async Task A_subscriber_reset_mid_stream_is_cleaned_up_while_the_publisher_carries_on()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await RawMqttClient.ConnectedAsync(broker.Port, "watcher");
        await watcher.SubscribeAsync("status");
        var doomed = await RawMqttClient.ConnectedAsync(broker.Port, "doomed",
            will: new MqttWill { Topic = "status", Payload = "reset"u8.ToArray() });
        await doomed.SubscribeAsync("feed");
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "publisher");
        var payload = new byte[16 * 1024];

        for (ushort i = 1; i <= 200; i++)
        {
            if (i == 50)
            {
                doomed.Kill();
            }
            await publisher.SendAsync(new MqttPublishPacket { Topic = "feed", Payload = payload, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = i });
            Assert.Equal(i, (await publisher.ReceiveAsync<MqttPubAckPacket>()).PacketIdentifier);
        }

        Assert.Equal("reset"u8.ToArray(), (await watcher.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
        await Eventually.TrueAsync(() => broker.Counters.ConnectionsCurrent == 2, "two connections open", TestTimeouts.Signal);
        await broker.Log.WaitForAsync("client doomed: disconnected (ConnectionLost)");
    }
}
