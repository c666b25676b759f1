using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Resource limits: connection count and packet size, each with a clear log line.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Connections_over_the_limit_are_closed_at_once()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxConnections = 2 });
        await using var first = await RawMqttClient.ConnectedAsync(broker.Port, "a");
        await using var second = await RawMqttClient.ConnectedAsync(broker.Port, "b");

        await using var third = await broker.ConnectRawAsync();
        await third.WaitClosedAsync();

        await broker.Log.WaitForAsync("limit of 2 connections reached");
        Assert.Equal(1, broker.Counters.ConnectionsRejected);
        await first.SendAsync(MqttPingReqPacket.Instance);
        await first.ReceiveAsync<MqttPingRespPacket>();
    }

    [Fact]
    public async Task A_packet_over_the_size_limit_closes_only_that_connection()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxPacketSize = 1024 });
        await using var bystander = await RawMqttClient.ConnectedAsync(broker.Port, "bystander");
        await bystander.SubscribeAsync("t");
        await using var big = await RawMqttClient.ConnectedAsync(broker.Port, "big");

        await big.SendAsync(new MqttPublishPacket { Topic = "t", Payload = new byte[2000] });
        await big.WaitClosedAsync();
        await broker.Log.WaitForAsync("exceeds the 1024-byte limit");

        broker.Broker.Publish(new("t", new byte[] { 1 }, MqttQualityOfService.AtMostOnce, retain: false));
        Assert.Equal(new byte[] { 1 }, (await bystander.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
    }
}
