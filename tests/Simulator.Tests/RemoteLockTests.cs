using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>R3 end to end: the cloud's RemoteLock switches the car's relays, is acknowledged, and comes back as an event.</summary>
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
        await car.Relays.WaitForAsync(r => r.ImmobiliserEngaged == true).WaitAsync(TestTimeouts.Signal);
        EventMessage events = await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.RemoteLocked));
        EventRecord record = events.Events.Single(r => r.Kind == EventKind.RemoteLocked);
        Assert.Equal((byte)RemoteLockTarget.Immobiliser, record.Detail);
        Assert.Equal((short)RemoteLockAction.Lock, record.Value);
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
