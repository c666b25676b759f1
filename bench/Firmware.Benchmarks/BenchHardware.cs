using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.State;
using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// The car side of the benchmark T-BOX: relays that keep their level, a PEPS module and modem that
/// answer the car's VIN and IMSI (and a parked car), an uptime the benchmark moves, and a device log that drops its
/// lines (the board's goes to a debug port nobody reads).
/// </summary>
public sealed class BenchHardware : IRelays, IPepsModule, IModem, IClock, IDeviceLog
{
    public bool DoorsLocked { get; private set; } = true;

    public bool ImmobiliserEngaged { get; private set; } = true;

    public uint UptimeSeconds { get; private set; }

    public void SetDoorsLocked(bool locked) => DoorsLocked = locked;

    public void SetImmobiliserEngaged(bool engaged) => ImmobiliserEngaged = engaged;

    public void SetChargeInletLocked(bool locked)
    {
    }

    public bool ReadVehicle(VehicleReading reading)
    {
        reading.StateOfCharge = 80;
        reading.Cable = ShareKey.Protocol.Messages.ChargingCable.Unplugged;
        reading.SpeedKmh = 0;
        reading.Ignition = 0;
        return true;
    }

    public string ReadVin() => BenchCloud.Vin;

    public string ReadImsi() => BenchCloud.Imsi;

    public void Advance(uint seconds) => UptimeSeconds += seconds;

    public void Write(string line)
    {
    }
}
