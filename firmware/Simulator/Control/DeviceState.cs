using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.TBox;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Buffers;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Hardware;

namespace ShareKey.Simulator.Control;

/// <summary>What <c>list</c> and <c>status</c> say about a device, as JSON (camelCase; enums in kebab-case words).</summary>
public sealed record DeviceState(
    string Name,
    string Id,
    string Kind,
    bool Powered,
    string? Ble,
    bool? Online,
    string? Barrier,
    int? ArmPercent,
    string? Motor,
    bool? MotorStuck,
    string? Occupancy,
    bool? CarPresent,
    int? DistanceMm,
    double? SensorNoise,
    int? BatteryMv,
    int? BatteryPercent,
    string? AutoClose,
    bool? MotorFault,
    int? EventsQueued,
    int? Boots,
    int? StateOfCharge = null,
    string? Cable = null,
    int? SpeedKmh = null,
    bool? IgnitionOn = null,
    bool? VehicleBus = null,
    string? RemoteLock = null,
    bool? Immobiliser = null,
    bool? ChargeInletLocked = null)
{
    public static DeviceState Of(ISimulatedDevice device)
    {
        string id = Hex.OfId(device.DeviceId);
        if (device is SimulatedTBox car)
        {
            TBoxStatus carStatus = car.Status();
            SimVehicleBus bus = car.Bus;
            return new DeviceState(device.Name, id, "tbox", true, device.BleEndPoint?.ToString(), carStatus.Online,
                null, null, null, null, null, null, null, null, null, null, null, null, carStatus.EventsQueued, null,
                bus.StateOfCharge >= 0 ? bus.StateOfCharge : null, Names.Of(bus.Cable), bus.SpeedKmh >= 0 ? bus.SpeedKmh : null, bus.IgnitionOn, bus.VehicleAnswers,
                Names.Of(carStatus.RemoteLock), car.Relays.ImmobiliserEngaged == true, car.Relays.ChargeInletLocked == true);
        }

        if (device is not SimulatedParkingLock parkingLock)
        {
            throw new ArgumentException($"no state for a {device.GetType().Name}", nameof(device));
        }

        ParkingLockStatus? status = parkingLock.PoweredOn ? parkingLock.Status() : null;
        return new DeviceState(
            device.Name,
            id,
            "parking-lock",
            status is not null,
            device.BleEndPoint?.ToString(),
            status?.Online,
            status is null ? null : Words.Of(status.Position),
            (int)Math.Round(parkingLock.Barrier.Height * 100),
            parkingLock.Barrier.Drive switch { > 0 => "raising", < 0 => "lowering", _ => "off" },
            parkingLock.Barrier.Stuck,
            status is null ? null : Words.Of(status.Occupancy),
            parkingLock.Space.CarPresent,
            status?.DistanceMm,
            parkingLock.Sensor.NoiseRate,
            parkingLock.Battery.Mains ? null : parkingLock.Battery.Millivolts,
            status is { BatteryPercent: >= 0 } ? status.BatteryPercent : null,
            status is null ? null : Words.Of(status.AutoClose),
            status?.MotorFault,
            status?.EventsQueued,
            parkingLock.Boots);
    }
}
