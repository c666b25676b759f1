using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>A phone unlocks the simulated car through the BLE bridge with a key the cloud issued; proximity and use counts hold.</summary>
public sealed class UnlockTests
{
    [Fact]
    public async Task A_phone_with_a_valid_key_unlocks_and_trusts_the_result()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);

        PhoneResult answer = await TestPhone.WithKey(device, 1).SendAsync(car.BleEndPoint!);

        Assert.Equal(RefusalReason.Accepted, answer.Result.Status);
        Assert.True(answer.Trusted);
        Assert.False(car.Relays.DoorsLocked);
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.Unlocked));
    }

    [Fact]
    public async Task A_phone_below_the_threshold_is_refused_too_far()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device, extraConfig: "unlock.rssi-threshold=-70");
        TestPhone phone = TestPhone.WithKey(device, 1);

        PhoneResult far = await phone.SendAsync(car.BleEndPoint!, rssiDbm: -71);

        Assert.Equal(RefusalReason.TooFar, far.Result.Status);
        Assert.Null(car.Relays.DoorsLocked);
        Assert.Equal(RefusalReason.Accepted, (await phone.SendAsync(car.BleEndPoint!, rssiDbm: -70)).Result.Status);
    }

    [Fact]
    public async Task The_cars_rssi_knob_overrides_what_the_phone_reports()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);
        car.RssiOverride = -95;

        Assert.Equal(RefusalReason.TooFar, (await TestPhone.WithKey(device, 1).SendAsync(car.BleEndPoint!, rssiDbm: -40)).Result.Status);
    }

    [Fact]
    public async Task A_key_of_an_epoch_the_car_does_not_hold_is_refused()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);

        PhoneResult answer = await TestPhone.WithKey(device, 2).SendAsync(car.BleEndPoint!);

        Assert.Equal(RefusalReason.UnknownEpoch, answer.Result.Status);
        Assert.Null(car.Relays.DoorsLocked);
    }

    [Fact]
    public async Task A_restart_on_the_same_flash_folder_keeps_keys_and_use_counts()
    {
        string folder = Directory.CreateTempSubdirectory("sharekey-sim-flash-").FullName;
        try
        {
            await using SimEnvironment env = await SimEnvironment.StartAsync();
            TestDevice device = env.NewDevice();
            SimulatedTBox car = await env.ProvisionedCarAsync(device, BoardFlash.InFolder(folder));
            TestPhone phone = TestPhone.WithKey(device, 1, maxUses: 2);
            Assert.Equal(1, (await phone.SendAsync(car.BleEndPoint!)).Result.RemainingUses);
            await env.StopCarAsync(car);

            SimulatedTBox rebooted = await env.StartCarAsync(device, BoardFlash.InFolder(folder));

            Assert.Equal(1u, rebooted.Status().ActiveEpoch);
            Assert.False(rebooted.Status().BindPending);
            PhoneResult second = await phone.SendAsync(rebooted.BleEndPoint!);
            Assert.Equal((RefusalReason.Accepted, 0), (second.Result.Status, (int)second.Result.RemainingUses));
            Assert.Equal(RefusalReason.UsesExhausted, (await phone.SendAsync(rebooted.BleEndPoint!)).Result.Status);
        }
        finally
        {
            // After the environment (and the car writing into the folder) has stopped.
            Directory.Delete(folder, recursive: true);
        }
    }
}
