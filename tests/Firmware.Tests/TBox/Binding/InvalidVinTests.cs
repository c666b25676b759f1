using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Binding;

/// <summary>R4.2: the VIN is checked before it is sent; a bad or missing read is logged and read again later.</summary>
public sealed class InvalidVinTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(null, "no VIN")]
    [InlineData("1M8GDM9AXKP04278", "invalid VIN")]
    [InlineData("1M8GDM9AXKP0427O", "invalid VIN")]
    [InlineData("1M8GDM9A1KP042788", "invalid VIN")]
    public void A_bad_read_sends_nothing_and_is_read_again(string? vin, string logged)
    {
        TBoxRig rig = new(_cloud);
        rig.Bus.Vin = vin;
        rig.Controller.Boot();
        rig.Controller.MqttConnected();

        Assert.Equal(BindPhase.ReadingVin, rig.Controller.Status().BindPhase);
        Assert.Empty(rig.Uplink.OfType<BindRequestMessage>());
        Assert.True(rig.Log.Contains(logged));

        rig.Advance(VinBinding.ReadRetrySeconds - 1);
        Assert.Equal(1, rig.Bus.VinReads);
        rig.Bus.Vin = FakeVehicleBus.GoodVin;
        rig.Advance(1);

        Assert.Equal(2, rig.Bus.VinReads);
        Assert.Equal(FakeVehicleBus.GoodVin, Assert.Single(rig.Uplink.OfType<BindRequestMessage>()).Vin);
    }
}
