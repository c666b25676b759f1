using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>R3 end to end: the cloud's RemoteLock switches the car's relays, is acknowledged, and comes back as an event; the car's bus is played by the test.</summary>
public sealed class RemoteLockTests
{
    [Fact]
    public async Task A_remote_lock_engages_the_immobiliser_acks_and_reports_it()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);

        AckMessage ack = await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.RemoteLock(device, RemoteLockAction.Lock, RemoteLockTarget.Immobiliser));

        Assert.Equal(AckStatus.Applied, ack.Status);
        await car.Relays.WaitForAsync(r => r.ImmobiliserEngaged == true && r.ChargeInletLocked == true).WaitAsync(TestTimeouts.Signal);
        EventMessage events = await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.RemoteLocked));
        EventRecord record = events.Events.Single(r => r.Kind == EventKind.RemoteLocked);
        Assert.Equal((byte)RemoteLockTarget.Immobiliser, record.Detail);
        Assert.Equal((short)RemoteLockAction.Lock, record.Value);
    }

    [Fact]
    public async Task A_moving_car_arms_the_lock_and_engages_it_when_parked_and_its_reports_say_so()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);
        car.Bus.StateOfCharge = 17;
        car.Bus.Cable = ChargingCable.Charging;
        car.Bus.IgnitionOn = true;
        car.Bus.SpeedKmh = 40;
        await env.Cloud.Inbox.NextAsync<VehicleReportMessage>(device.DeviceId, r => r.SpeedKmh == 40 && r.StateOfCharge == 17 && r.Cable == ChargingCable.Charging);

        RemoteLockMessage order = ScriptedCloud.RemoteLock(device, RemoteLockAction.Lock, RemoteLockTarget.Immobiliser);
        Assert.Equal(AckStatus.Applied, (await env.Cloud.SendAndAwaitAckAsync(device, order)).Status);
        await env.Cloud.Inbox.NextAsync<VehicleReportMessage>(device.DeviceId, r => r.RemoteLock == RemoteLockState.Armed && r.LockMessageId == order.MessageId);
        Assert.NotEqual(true, car.Relays.ImmobiliserEngaged);

        car.Bus.SpeedKmh = 0;
        car.Bus.IgnitionOn = false;
        await car.Relays.WaitForAsync(r => r.ImmobiliserEngaged == true && r.ChargeInletLocked == true).WaitAsync(TestTimeouts.Signal);
        VehicleReportMessage engaged = await env.Cloud.Inbox.NextAsync<VehicleReportMessage>(device.DeviceId, r => r.RemoteLock == RemoteLockState.Engaged);
        Assert.Equal(VehicleReportMessage.ImmobiliserFlag | VehicleReportMessage.InletLockFlag, engaged.Outputs);
        EventRecord armed = (await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.RemoteLockArmed)))
            .Events.Single(r => r.Kind == EventKind.RemoteLockArmed);
        Assert.Equal((ulong)order.MessageId, armed.KeyId);
        Assert.Equal((short)RemoteLockWait.Moving, armed.Value);
        EventRecord locked = (await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.RemoteLocked)))
            .Events.Single(r => r.Kind == EventKind.RemoteLocked);
        Assert.Equal((ulong)order.MessageId, locked.KeyId);
    }

    [Fact]
    public async Task Doors_lock_and_release_remotely()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);

        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.RemoteLock(device, RemoteLockAction.Lock, RemoteLockTarget.Doors));
        Assert.True(car.Relays.DoorsLocked);
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.RemoteLock(device, RemoteLockAction.Release, RemoteLockTarget.Doors));

        Assert.False(car.Relays.DoorsLocked);
    }
}
