using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Vehicle;

/// <summary>The PEPS gateway's vehicle line (firmware/TBox/README.md): read strictly, a bad line refused whole.</summary>
public sealed class VehicleLineTests
{
    [Theory]
    [InlineData("VEH=42,C,0,0", 42, ChargingCable.Charging, 0, 0)]
    [InlineData("VEH=100,U,130,1", 100, ChargingCable.Unplugged, 130, 1)]
    [InlineData("VEH=0,P,500,0", 0, ChargingCable.Plugged, 500, 0)]
    [InlineData("VEH=-,-,-,-", -1, ChargingCable.Unknown, -1, -1)]
    public void A_well_formed_line_is_read(string line, int charge, ChargingCable cable, int speed, int ignition)
    {
        VehicleReading reading = new();

        Assert.True(VehicleLine.Parse(line, reading));

        Assert.Equal((charge, cable, speed, ignition), (reading.StateOfCharge, reading.Cable, reading.SpeedKmh, reading.Ignition));
        Assert.Equal(line, VehicleLine.Format(reading));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("VIN=1M8GDM9AXKP042788")]
    [InlineData("VEH=")]
    [InlineData("VEH=42,C,0")]
    [InlineData("VEH=42,C,0,0,0")]
    [InlineData("VEH=101,C,0,0")]
    [InlineData("VEH=42,X,0,0")]
    [InlineData("VEH=42,C,501,0")]
    [InlineData("VEH=42,C,0,2")]
    [InlineData("VEH=-1,C,0,0")]
    [InlineData("VEH=4a,C,0,0")]
    [InlineData("VEH=1000,C,0,0")]
    [InlineData("VEH=,C,0,0")]
    [InlineData("veh=42,C,0,0")]
    public void Anything_else_is_refused_and_leaves_nothing_known(string? line)
    {
        VehicleReading reading = new() { StateOfCharge = 50, Cable = ChargingCable.Plugged, SpeedKmh = 0, Ignition = 0 };

        Assert.False(VehicleLine.Parse(line!, reading));

        Assert.Equal((-1, ChargingCable.Unknown, -1, -1), (reading.StateOfCharge, reading.Cable, reading.SpeedKmh, reading.Ignition));
        Assert.False(reading.IsSafeToImmobilise);
    }

    [Fact]
    public void Random_lines_never_throw_and_what_is_read_formats_back()
    {
        Random random = new(15);
        VehicleReading reading = new();
        const string alphabet = "VEH=0123456789,-UPCX ";
        for (int i = 0; i < 20_000; i++)
        {
            char[] chars = new char[random.Next(0, 24)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            string line = random.Next(2) == 0 ? "VEH=" + new string(chars) : new string(chars);
            if (VehicleLine.Parse(line, reading))
            {
                VehicleReading again = new();
                Assert.True(VehicleLine.Parse(VehicleLine.Format(reading), again), line);
                Assert.True(again.SameAs(reading), line);
            }
        }
    }
}
