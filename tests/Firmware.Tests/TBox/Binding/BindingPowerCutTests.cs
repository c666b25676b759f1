using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Binding;

/// <summary>A power cut at any byte of the binding's flash writes leaves a state from which binding completes, and never a lost flag.</summary>
public sealed class BindingPowerCutTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_cut_while_setting_the_flag_binds_after_the_reboot(TornWrite mode)
    {
        for (int cut = 0; cut < TBoxParts.VehicleSlotBytes; cut++)
        {
            TBoxRig rig = new(_cloud);
            rig.VehicleFlash.CutPowerAfter(cut, mode);
            bool torn = Cut(() => rig.Controller.Boot());
            rig.Reboot();
            rig.Controller.MqttConnected();

            Assert.True(rig.Controller.Status().BindPending, $"cut after {cut} bytes (torn: {torn})");
            Assert.Single(rig.Uplink.OfType<BindRequestMessage>());
        }
    }

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_cut_while_clearing_the_flag_leaves_it_set_or_cleared_and_a_resent_result_settles_it(TornWrite mode)
    {
        BindResultMessage result = new() { MessageId = 1, Outcome = BindOutcome.Bound, Vin = FakeVehicleBus.GoodVin };
        for (int cut = 0; cut < TBoxParts.VehicleSlotBytes; cut++)
        {
            TBoxRig rig = new(_cloud);
            rig.Controller.Boot();
            rig.Controller.MqttConnected();
            rig.VehicleFlash.CutPowerAfter(cut, mode);
            Cut(() => rig.Deliver(result));
            rig.Reboot();
            rig.Controller.MqttConnected();

            rig.Deliver(result);

            Assert.False(rig.Controller.Status().BindPending, $"cut after {cut} bytes");
        }
    }

    /// <summary>Runs <paramref name="action"/>; true if the power failed during it.</summary>
    private static bool Cut(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (PowerCutException)
        {
            return true;
        }
    }
}
