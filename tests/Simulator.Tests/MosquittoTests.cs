using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>The same car against Debian's mosquitto: rotation, unlock, remote lock.</summary>
public sealed class MosquittoTests
{
    [Fact]
    public async Task A_car_on_mosquitto_rotates_unlocks_and_locks_remotely()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync(mosquitto: true);
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);

        Assert.Equal(RefusalReason.Accepted, (await TestPhone.WithKey(device, 1).SendAsync(car.BleEndPoint!)).Result.Status);
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.RemoteLock(device, RemoteLockAction.Lock, RemoteLockTarget.Immobiliser));

        Assert.True(car.Relays.ImmobiliserEngaged);
    }
}
