using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client.Scripted;

/// <summary>What becomes of publishes the broker never acknowledged when the application gives up.</summary>
public sealed class AbandonTests
{
    [Fact]
    public async Task Disconnecting_fails_unacknowledged_publishes_as_maybe_delivered()
    {
        await using var environment = new TestEnvironment();
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment)));
        var connecting = client.ConnectAsync();
        var connection = await broker.NextConnectionAsync();
        await connection.AcceptConnectAsync();
        await connecting;
        var publish = client.PublishTextAsync("t", "never acknowledged");
        await connection.ReadAsync<MqttPublishPacket>();

        await client.DisconnectAsync();

        await Assert.ThrowsAsync<MqttPublishAbandonedException>(() => publish);
        await connection.ReadAsync<MqttDisconnectPacket>();
    }

    [Fact]
    public async Task A_publisher_that_stopped_waiting_leaves_no_unobserved_exception_when_its_message_is_abandoned()
    {
        // The environment's dispose collects garbage and fails on any unobserved task exception.
        await using var environment = new TestEnvironment();
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment)));
        var connecting = client.ConnectAsync();
        var connection = await broker.NextConnectionAsync();
        await connection.AcceptConnectAsync();
        await connecting;
        using var stopWaiting = new CancellationTokenSource();
        var publish = client.PublishAsync("t", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce, cancellationToken: stopWaiting.Token);
        _ = client.PublishAsync("t", "fire and forget"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
        await stopWaiting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish);

        await client.DisconnectAsync();
    }

    [Fact]
    public async Task After_a_loss_without_reconnect_disposing_still_ends_waiting_publishes()
    {
        await using var environment = new TestEnvironment();
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment) with { Reconnect = new() { Enabled = false } }));
        var states = new StateWatcher(client);
        var connecting = client.ConnectAsync();
        var connection = await broker.NextConnectionAsync();
        await connection.AcceptConnectAsync();
        await connecting;
        var publish = client.PublishTextAsync("t", "never acknowledged");
        await connection.ReadAsync<MqttPublishPacket>();
        await connection.CloseAsync();
        await states.NextAsync(MqttClientState.Disconnected);

        await client.DisposeAsync();

        await Assert.ThrowsAsync<MqttPublishAbandonedException>(() => publish);
    }
}
