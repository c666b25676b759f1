using ShareKey.Protocol.Identity;

namespace ShareKey.Simulator.Devices;

/// <summary>
/// The VIN and IMSI a simulated car has when none are given: derived from its device id, so a
/// fleet gets distinct, valid, stable identities — the VIN "1SKTBX00" + check digit + the id's last
/// 8 hex digits in upper case, the IMSI on the test network 001-01 with the id's last 10 decimal digits.
/// </summary>
public static class SimulatedIdentity
{
    public static string VinFor(ulong deviceId)
    {
        char[] vin = $"1SKTBX00X{(uint)deviceId:X8}".ToCharArray();
        vin[8] = Vin.CheckDigitOf(new string(vin));
        return new string(vin);
    }

    public static string ImsiFor(ulong deviceId) => "00101" + (deviceId % 10_000_000_000UL).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}
