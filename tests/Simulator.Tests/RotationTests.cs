using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>R0 against a real broker: the simulated car installs a rotated key and proves it; a duplicate delivery gets the same Ack.</summary>
public sealed class RotationTests
{
    [Fact]
    public async Task A_rotation_is_acked_with_the_proof_of_the_new_key()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.StartCarAsync(device);

        RotateMessage rotate = ScriptedCloud.Rotate(device, 1);
        AckMessage ack = await env.Cloud.SendAndAwaitAckAsync(device, rotate);

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(1u, ack.Epoch);
        Assert.Equal(ScriptedCloud.AckProof(device, 1, rotate.MessageId), ack.Proof);
        Assert.Equal(1u, car.Status().ActiveEpoch);
    }

    [Fact]
    public async Task A_duplicate_delivery_gets_the_same_ack_and_changes_nothing()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.StartCarAsync(device);
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.Rotate(device, 1));
        RotateMessage rotate = ScriptedCloud.Rotate(device, 2);
        byte[] frame = ScriptedCloud.Frame(device, rotate);

        await env.Cloud.SendFrameAsync(device, frame);
        await env.Cloud.SendFrameAsync(device, frame);

        List<AckMessage> acks = await env.Cloud.Inbox.WaitAsync<AckMessage>(device.DeviceId, a => a.AckedMessageId == rotate.MessageId, count: 2);
        Assert.Equal(acks[0].Status, acks[1].Status);
        Assert.Equal(acks[0].Epoch, acks[1].Epoch);
        Assert.Equal(acks[0].Proof, acks[1].Proof);
        Assert.NotEqual(acks[0].MessageId, acks[1].MessageId);
        Assert.Equal((2u, 1u), (car.Status().ActiveEpoch, car.Status().BackupEpoch));
    }

    /// <summary>
    /// A Rotate waiting at the broker in the car's session reaches the car right after CONNACK, before its link has
    /// seen the SUBACK: the link tells the car it is online first (as the board's MqttSession does), so the Ack goes
    /// up on that connection instead of being dropped for a link not yet up and waiting for the cloud's resend.
    /// </summary>
    [Fact]
    public async Task A_rotate_waiting_at_the_broker_when_the_car_powers_on_is_acknowledged_at_once()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        BoardFlash flash = BoardFlash.InMemory();
        await env.StopCarAsync(await env.StartCarAsync(device, flash));
        RotateMessage rotate = ScriptedCloud.Rotate(device, 1);
        await env.Cloud.SendAsync(device, rotate);

        SimulatedTBox rebooted = await env.StartCarAsync(device, flash);

        AckMessage ack = await env.Cloud.Inbox.NextAsync<AckMessage>(device.DeviceId, a => a.AckedMessageId == rotate.MessageId);
        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(ScriptedCloud.AckProof(device, 1, rotate.MessageId), ack.Proof);
        Assert.Equal(1u, rebooted.Status().ActiveEpoch);
    }

    [Fact]
    public async Task The_key_report_follows_the_rotation_and_the_commit()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        await env.StartCarAsync(device);
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.Rotate(device, 1));
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.Rotate(device, 2));

        await env.Cloud.SendAndAwaitAckAsync(device, new CommitMessage { MessageId = device.NextDownId(), Epoch = 2 });

        await env.Cloud.Inbox.NextAsync<KeyReportMessage>(device.DeviceId, r => r.ActiveEpoch == 2 && r.BackupEpoch == 0);
    }

    [Fact]
    public async Task A_frame_forged_without_the_link_key_is_dropped_unanswered()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        TestDevice stranger = new(device.DeviceId);
        SimulatedTBox car = await env.StartCarAsync(device);
        RotateMessage forged = ScriptedCloud.Rotate(stranger, 5);
        forged.MessageId = 1000;

        await env.Cloud.SendAsync(stranger, forged);
        AckMessage later = await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.TimeSync(device, ScriptedCloud.Now));

        Assert.Equal(AckStatus.Applied, later.Status);
        Assert.Empty(env.Cloud.Inbox.All<AckMessage>(device.DeviceId, a => a.AckedMessageId == forged.MessageId));
        Assert.Equal(0u, car.Status().ActiveEpoch);
        Assert.True(env.Log.Contains("L1"));
    }
}
