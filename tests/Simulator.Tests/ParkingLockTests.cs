using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>
/// A simulated parking lock: the real <see cref="ParkingLockController"/> over the simulated arm,
/// end stops, ultrasonic sensor, scripted car and battery, with a phone on its BLE bridge and the
/// scripted cloud on the broker. Timings are shortened (arm travel 300 ms, readings every 100 ms,
/// no dwell, 1 s close delay) so each test takes seconds.
/// </summary>
public sealed class ParkingLockTests
{
    [Fact]
    public async Task An_unlock_lowers_the_barrier_the_car_parks_and_leaves_and_the_barrier_raises_by_itself()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, Fast);
        await parkingLock.WaitForAsync(s => s is { Position: BarrierPosition.Raised, Occupancy: Occupancy.Free }).WaitAsync(TestTimeouts.Signal);

        PhoneResult answer = await TestPhone.WithKey(device, 1).SendAsync(parkingLock.BleEndPoint!);
        await parkingLock.WaitForAsync(s => s.Position == BarrierPosition.Lowered).WaitAsync(TestTimeouts.Signal);
        parkingLock.CarArrives();
        await parkingLock.WaitForAsync(s => s is { Occupancy: Occupancy.Occupied, AutoClose: AutoClosePhase.Parked }).WaitAsync(TestTimeouts.Signal);
        parkingLock.CarLeaves();
        ParkingLockStatus closed = await parkingLock.WaitForAsync(s => s.Position == BarrierPosition.Raised).WaitAsync(TestTimeouts.Signal);

        Assert.Equal(RefusalReason.Accepted, answer.Result.Status);
        Assert.True(answer.Trusted);
        Assert.Equal(Occupancy.Free, closed.Occupancy);
        Assert.Equal(1.0, parkingLock.Barrier.Height);
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.Unlocked));
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r is { Kind: EventKind.Occupancy, Detail: 0, Value: 1 }));
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r is { Kind: EventKind.AutoRaised, Detail: 1 }));
    }

    [Fact]
    public async Task A_lock_command_with_a_car_parked_is_refused_space_occupied_and_leaves_the_barrier_down()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, o => Fast(o) with { StartRaised = false });
        parkingLock.CarArrives();
        await parkingLock.WaitForAsync(s => s.Occupancy == Occupancy.Occupied).WaitAsync(TestTimeouts.Signal);

        PhoneResult answer = await TestPhone.WithKey(device, 1).SendAsync(parkingLock.BleEndPoint!, CommandCode.Lock);

        Assert.Equal(RefusalReason.SpaceOccupied, answer.Result.Status);
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r is { Kind: EventKind.Withheld, Detail: (byte)CommandCode.Lock, Value: (short)RefusalReason.SpaceOccupied }));
        Assert.Equal(BarrierPosition.Lowered, parkingLock.Status().Position);
        Assert.Equal(0.0, parkingLock.Barrier.Height);
    }

    [Fact]
    public async Task A_stuck_motor_is_a_motor_fault()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, Fast);
        parkingLock.Barrier.Stuck = true;

        Assert.Equal(RefusalReason.Accepted, (await TestPhone.WithKey(device, 1).SendAsync(parkingLock.BleEndPoint!)).Result.Status);
        ParkingLockStatus faulted = await parkingLock.WaitForAsync(s => s.MotorFault).WaitAsync(TestTimeouts.Signal);

        Assert.Equal(0, parkingLock.Barrier.Drive);
        Assert.Equal(1.0, parkingLock.Barrier.Height);
        Assert.NotEqual(BarrierPosition.Lowering, faulted.Position);
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r is { Kind: EventKind.MotorFault, Detail: 1 }));
    }

    [Fact]
    public async Task A_power_cut_mid_motion_is_completed_at_the_next_boot_without_losing_the_use()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, o => o with { TravelMs = 3000, Settings = FastSettings(motionTimeoutMs: 6000) });
        TestPhone phone = TestPhone.WithKey(device, 1, maxUses: 3);

        Assert.Equal(RefusalReason.Accepted, (await phone.SendAsync(parkingLock.BleEndPoint!)).Result.Status);
        await parkingLock.CutPowerMidMotionAsync(TestTimeouts.Signal);
        double stoppedAt = parkingLock.Barrier.Height;
        await parkingLock.StartAsync();
        await parkingLock.Online.WaitAsync(TestTimeouts.Signal);
        ParkingLockStatus rebooted = await parkingLock.WaitForAsync(s => s.Position == BarrierPosition.Lowered).WaitAsync(TestTimeouts.Signal);
        PhoneResult next = await phone.SendAsync(parkingLock.BleEndPoint!);

        Assert.InRange(stoppedAt, 0.01, 0.99);
        Assert.Equal(2, parkingLock.Boots);
        Assert.Equal(1, Assert.Single(rebooted.Uses).Uses);
        Assert.Equal(RefusalReason.Accepted, next.Result.Status);
        Assert.Equal(1, next.Result.RemainingUses);
        Assert.True(env.Log.Contains("completing a lower cut short by a power loss"));
    }

    [Fact]
    public async Task A_raised_barrier_forced_down_is_tampering_and_a_drained_battery_is_low()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, o => Fast(o) with { BatteryInterval = TimeSpan.FromMilliseconds(100) });
        await parkingLock.WaitForAsync(s => s is { Position: BarrierPosition.Raised, BatteryPercent: > 50 }).WaitAsync(TestTimeouts.Signal);

        parkingLock.Barrier.ForceDown();
        parkingLock.Battery.Millivolts = 6100;

        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.Tampered));
        EventMessage low = await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r.Kind == EventKind.LowBattery));
        Assert.InRange(low.Events.First(r => r.Kind == EventKind.LowBattery).Value, 0, 19);
    }

    [Fact]
    public async Task A_car_driving_under_a_rising_arm_stops_it_and_the_barrier_lowers_again()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, o => o with { TravelMs = 1500, Settings = FastSettings(motionTimeoutMs: 4000) });
        TestPhone phone = TestPhone.WithKey(device, 1);
        Assert.Equal(RefusalReason.Accepted, (await phone.SendAsync(parkingLock.BleEndPoint!)).Result.Status);
        await parkingLock.WaitForAsync(s => s is { Position: BarrierPosition.Lowered, Occupancy: Occupancy.Free }).WaitAsync(TestTimeouts.Signal);

        PhoneResult answer = await phone.SendAsync(parkingLock.BleEndPoint!, CommandCode.Lock);
        await parkingLock.WaitForAsync(s => s.Position == BarrierPosition.Raising).WaitAsync(TestTimeouts.Signal);
        parkingLock.CarArrives(anyway: true);
        await env.Cloud.Inbox.NextAsync<EventMessage>(device.DeviceId, e => e.Events.Any(r => r is { Kind: EventKind.Obstructed, Detail: 2 }));
        await parkingLock.WaitForAsync(s => s.Position == BarrierPosition.Lowered).WaitAsync(TestTimeouts.Signal);

        Assert.Equal(RefusalReason.Accepted, answer.Result.Status);
        Assert.Equal(0.0, parkingLock.Barrier.Height);
    }

    [Fact]
    public async Task A_noisy_sensor_still_sees_the_car_arrive_and_leave()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.ProvisionedLockAsync(device, o => Fast(o) with { StartRaised = false, SensorSeed = 7 });
        parkingLock.Sensor.NoiseRate = 0.1;
        await parkingLock.WaitForAsync(s => s.Occupancy == Occupancy.Free).WaitAsync(TestTimeouts.Signal);

        parkingLock.CarArrives();
        await parkingLock.WaitForAsync(s => s.Occupancy == Occupancy.Occupied).WaitAsync(TestTimeouts.Signal);
        parkingLock.CarLeaves();
        await parkingLock.WaitForAsync(s => s.Occupancy == Occupancy.Free).WaitAsync(TestTimeouts.Signal);
    }

    [Fact]
    public async Task No_car_drives_over_a_raised_barrier_and_a_tbox_file_is_not_a_lock()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.StartLockAsync(device, Fast);

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => parkingLock.CarArrives());
        InvalidDataException wrongKind = Assert.Throws<InvalidDataException>(() => new SimulatedParkingLock(new SimulatedParkingLockOptions { Config = device.Config(env.Port), Log = env.Log }));

        Assert.Contains("unlock it first", refused.Message, StringComparison.Ordinal);
        Assert.False(parkingLock.Space.CarPresent);
        Assert.Contains("not a parking lock", wrongKind.Message, StringComparison.Ordinal);
    }

    /// <summary>Short timings, so a whole arrival and departure take a few seconds.</summary>
    internal static SimulatedParkingLockOptions Fast(SimulatedParkingLockOptions options) => options with { TravelMs = 300, Settings = FastSettings() };

    internal static LockSettings FastSettings(int motionTimeoutMs = 1000) =>
        new() { SampleIntervalMs = 100, MotionTimeoutMs = motionTimeoutMs, DwellSeconds = 0, CloseDelaySeconds = 1, NoArrivalSeconds = 60 };
}
