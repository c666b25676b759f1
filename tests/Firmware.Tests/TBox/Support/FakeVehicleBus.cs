using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Firmware.Tests.TBox.Support;

/// <summary>The PEPS module and the modem, answering what the test sets (null: not answering), counting reads.</summary>
public sealed class FakeVehicleBus : IPepsModule, IModem
{
    /// <summary>A valid VIN (check digit 'X').</summary>
    public const string GoodVin = "1M8GDM9AXKP042788";

    public const string GoodImsi = "310150123456789";

    public string? Vin { get; set; } = GoodVin;

    public string? Imsi { get; set; } = GoodImsi;

    public int VinReads { get; private set; }

    public int ImsiReads { get; private set; }

    public string ReadVin()
    {
        VinReads++;
        return Vin!;
    }

    public string ReadImsi()
    {
        ImsiReads++;
        return Imsi!;
    }
}
