using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;

namespace ShareKey.Simulator.Hardware;

/// <summary>
/// The PEPS gateway and the modem of a simulated car. They answer the VIN and IMSI they were given
/// (null: not answering), and the vehicle as tests or a person at the console set it — parked,
/// ignition off, 80 %, no cable by default. The vehicle answer goes through the gateway's own line
/// format (<see cref="VehicleLine"/>), so the firmware's parser reads what a real gateway would
/// send. Thread-safe: tests and the console set it while the car's ticker reads it.
/// </summary>
public sealed class SimVehicleBus(string? vin, string? imsi) : IPepsModule, IModem
{
    private readonly object _gate = new();
    private readonly VehicleReading _vehicle = new() { StateOfCharge = 80, Cable = ChargingCable.Unplugged, SpeedKmh = 0, Ignition = 0 };
    private bool _vehicleAnswers = true;

    public string? Vin { get; set; } = vin;

    public string? Imsi { get; set; } = imsi;

    /// <summary>0–100, or <see cref="VehicleReading.Unknown"/>.</summary>
    public int StateOfCharge
    {
        get => Read(v => v.StateOfCharge);
        set => Set(v => v.StateOfCharge = Check(value, 100, nameof(StateOfCharge)));
    }

    public ChargingCable Cable
    {
        get => Read(v => v.Cable);
        set => Set(v => v.Cable = value);
    }

    /// <summary>km/h, or <see cref="VehicleReading.Unknown"/>.</summary>
    public int SpeedKmh
    {
        get => Read(v => v.SpeedKmh);
        set => Set(v => v.SpeedKmh = Check(value, VehicleLine.MaxSpeedKmh, nameof(SpeedKmh)));
    }

    public bool IgnitionOn
    {
        get => Read(v => v.Ignition == 1);
        set => Set(v => v.Ignition = value ? 1 : 0);
    }

    /// <summary>False: the gateway stays silent about the vehicle (a cut bus); the T-BOX then knows nothing about it.</summary>
    public bool VehicleAnswers
    {
        get { lock (_gate) { return _vehicleAnswers; } }
        set { lock (_gate) { _vehicleAnswers = value; } }
    }

    /// <summary>The gateway's answer line as the board would receive it.</summary>
    public string VehicleLineNow => Read(VehicleLine.Format);

    public string ReadVin() => Vin!;

    public string ReadImsi() => Imsi!;

    public bool ReadVehicle(VehicleReading reading)
    {
        string line;
        lock (_gate)
        {
            if (!_vehicleAnswers)
            {
                reading.Clear();
                return false;
            }

            line = VehicleLine.Format(_vehicle);
        }

        return VehicleLine.Parse(line, reading);
    }

    private static int Check(int value, int max, string name) =>
        value == VehicleReading.Unknown || (value >= 0 && value <= max) ? value : throw new ArgumentOutOfRangeException(name, value, $"0..{max}, or unknown (-1)");

    private T Read<T>(Func<VehicleReading, T> read)
    {
        lock (_gate)
        {
            return read(_vehicle);
        }
    }

    private void Set(Action<VehicleReading> change)
    {
        lock (_gate)
        {
            change(_vehicle);
        }
    }
}
