using ShareKey.Firmware.ParkingLock;
using ShareKey.Protocol.Buffers;
using ShareKey.Simulator.Devices;

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
    int? Boots)
{
    public static DeviceState Of(ISimulatedDevice device)
    {
        string id = Hex.OfId(device.DeviceId);
        if (device is not SimulatedParkingLock parkingLock)
        {
            return new DeviceState(device.Name, id, "tbox", true, device.BleEndPoint?.ToString(), device.Online.IsCompletedSuccessfully,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
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
