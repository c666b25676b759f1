using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Binding;

/// <summary>R4.1: a new IMSI (modem or T-BOX replaced) means binding again; the same IMSI never does.</summary>
public sealed class ModemReplacementTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void The_same_imsi_after_a_reboot_binds_nothing()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        rig.Reboot();
        rig.Controller.MqttConnected();

        Assert.False(rig.Controller.Status().BindPending);
        Assert.Empty(rig.Uplink.OfType<BindRequestMessage>());
    }

    [Fact]
    public void A_new_imsi_sets_the_flag_and_sends_it()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Bus.Imsi = "26201987654321";

        rig.Reboot();
        rig.Controller.MqttConnected();

        Assert.True(rig.Controller.Status().BindPending);
        Assert.Equal("26201987654321", Assert.Single(rig.Uplink.OfType<BindRequestMessage>()).Imsi);
        Assert.True(rig.Log.Contains("modem replaced"));
    }

    [Fact]
    public void An_invalid_imsi_is_not_taken_for_a_replacement()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Bus.Imsi = "31015A";

        rig.Reboot();

        Assert.False(rig.Controller.Status().BindPending);
        Assert.True(rig.Log.Contains("invalid IMSI"));
    }
}
