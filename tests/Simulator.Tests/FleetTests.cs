using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>Many simulated cars in one process, each on its own MQTT session with its own keys.</summary>
public sealed class FleetTests
{
    [Fact]
    public async Task Every_car_of_a_fleet_acks_its_own_rotation()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice[] devices = Enumerable.Range(0, 25).Select(_ => env.NewDevice()).ToArray();
        await using Fleet fleet = new(devices.Select(d => new SimulatedTBox(new SimulatedTBoxOptions { Config = d.Config(env.Port), Ble = false, Log = env.Log })).ToList());

        await fleet.StartAsync(waitOnline: true).WaitAsync(TestTimeouts.Signal);
        AckMessage[] acks = await Task.WhenAll(devices.Select(d => env.Cloud.SendAndAwaitAckAsync(d, ScriptedCloud.Rotate(d, 1))));

        Assert.All(acks, ack => Assert.Equal(AckStatus.Applied, ack.Status));
        Assert.All(devices, d => Assert.Equal(1u, Assert.IsType<SimulatedTBox>(fleet[d.DeviceId]).Status().ActiveEpoch));
    }
}
