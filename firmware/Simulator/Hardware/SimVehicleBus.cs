using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Simulator.Hardware;

/// <summary>The PEPS module and the modem of a simulated car: they answer the VIN and IMSI they were given (null: not answering).</summary>
public sealed class SimVehicleBus(string? vin, string? imsi) : IPepsModule, IModem
{
    public string? Vin { get; set; } = vin;

    public string? Imsi { get; set; } = imsi;

    public string ReadVin() => Vin!;

    public string ReadImsi() => Imsi!;
}
