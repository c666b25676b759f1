using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Support;

/// <summary>The PEPS module and the modem, answering what the test sets (null: not answering), counting reads; the vehicle parked, ignition off, 80 % until the test says otherwise.</summary>
public sealed class FakeVehicleBus : IPepsModule, IModem
{
    /// <summary>A valid VIN (check digit 'X').</summary>
    public const string GoodVin = "1M8GDM9AXKP042788";

    public const string GoodImsi = "310150123456789";

    public string? Vin { get; set; } = GoodVin;

    public string? Imsi { get; set; } = GoodImsi;

    /// <summary>What the vehicle bus answers; null: it does not answer.</summary>
    public VehicleReading? Vehicle { get; set; } = new() { StateOfCharge = 80, Cable = ChargingCable.Unplugged, SpeedKmh = 0, Ignition = 0 };

    public int VinReads { get; private set; }

    public int ImsiReads { get; private set; }

    public string ReadVin()
    {
        VinReads++;
        return Vin!;
    }

    public bool ReadVehicle(VehicleReading reading)
    {
        if (Vehicle is null)
        {
            reading.Clear();
            return false;
        }

        reading.CopyFrom(Vehicle);
        return true;
    }

    public string ReadImsi()
    {
        ImsiReads++;
        return Imsi!;
    }
}
